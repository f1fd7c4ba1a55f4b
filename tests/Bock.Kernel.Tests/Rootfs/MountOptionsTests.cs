using Bock.Kernel.Rootfs;
using Xunit;

namespace Bock.Kernel.Tests.Rootfs;

public sealed class MountOptionsTests
{
    [Fact]
    public void Flags_propagation_and_data_are_split_as_runc_does()
    {
        var options = MountOptions.Parse(["nosuid", "noexec", "rbind", "ro", "rslave", "mode=755", "size=65536k"]);
        Assert.Equal(MountOptions.MS_NOSUID | MountOptions.MS_NOEXEC | MountOptions.MS_BIND | MountOptions.MS_REC | MountOptions.MS_RDONLY, options.Flags);
        Assert.Equal(MountOptions.MS_SLAVE | MountOptions.MS_REC, options.Propagation);
        Assert.Equal("mode=755,size=65536k", options.Data);
        Assert.True(options.IsBind);
        Assert.True(options.Recursive);
    }

    [Fact]
    public void A_later_word_overrides_an_earlier_one()
    {
        Assert.Equal(0UL, MountOptions.Parse(["ro", "rw"]).Flags & MountOptions.MS_RDONLY);
        Assert.Equal(MountOptions.MS_RDONLY, MountOptions.Parse(["rw", "ro"]).Flags & MountOptions.MS_RDONLY);
    }

    [Fact]
    public void Recursive_attribute_words_apply_the_attribute() =>
        Assert.Equal(MountOptions.MS_RDONLY | MountOptions.MS_NOSUID, MountOptions.Parse(["rro", "rnosuid"]).Flags);

    [Fact]
    public void No_options_means_no_flags()
    {
        var options = MountOptions.Parse(null);
        Assert.Equal(0UL, options.Flags);
        Assert.Equal("", options.Data);
        Assert.False(options.IsBind);
    }
}
