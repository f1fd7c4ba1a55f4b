using System.Text.Json;
using Bock.Kernel.Native;
using Bock.Kernel.Spec;

namespace Bock.Oci.Runtime;

/// <summary>
/// A container's directory under the state root: <c>state.json</c> (our record), <c>config.json</c> (the spec as it
/// was at create time, for poststop hooks and cgroups at delete), and <c>exec.fifo</c> while it waits for start.
/// Creating the directory is the atomic claim on the id.
/// </summary>
public sealed class ContainerDirectory
{
    public string Root { get; }
    public string Id { get; }
    public string Path { get; }
    public string StateFile => System.IO.Path.Combine(Path, "state.json");
    public string ConfigFile => System.IO.Path.Combine(Path, "config.json");
    public string FifoPath => System.IO.Path.Combine(Path, "exec.fifo");

    private ContainerDirectory(string root, string id)
    {
        Root = root;
        Id = id;
        Path = System.IO.Path.Combine(root, id);
    }

    /// <summary>Ids become directory names (and later actor names): a conservative alphabet, as runc's.</summary>
    public static void ValidateId(string id)
    {
        if (id.Length is 0 or > 1024 || id is "." or ".." || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '+' or '-' or '.'))
            throw new OciException($"invalid container id \"{id}\": use letters, digits, '_', '+', '-' and '.' only");
    }

    public static ContainerDirectory Claim(string root, string id)
    {
        ValidateId(id);
        Directory.CreateDirectory(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var dir = new ContainerDirectory(root, id);
        // mkdir is atomic: of two creates with one id, exactly one wins.
        var error = Unistd.TryMkdir(dir.Path, 0b111_000_000);
        if (error == Unistd.EEXIST)
            throw new OciException($"container with id \"{id}\" already exists");
        if (error != 0)
            throw new OciException($"cannot create {dir.Path}: {new KernelException("mkdir", error).Message}");
        return dir;
    }

    public static ContainerDirectory Open(string root, string id)
    {
        var dir = Locate(root, id);
        if (!dir.Exists)
            throw new OciException($"container \"{id}\" does not exist");
        return dir;
    }

    /// <summary>Where the container of that id lives, whether or not it exists.</summary>
    public static ContainerDirectory Locate(string root, string id)
    {
        ValidateId(id);
        return new ContainerDirectory(root, id);
    }

    /// <summary>A container exists once create wrote its record; before that the directory is only a claim.</summary>
    public bool Exists => File.Exists(StateFile);

    public static IEnumerable<ContainerDirectory> All(string root) =>
        Directory.Exists(root)
            ? Directory.EnumerateDirectories(root).Select(p => new ContainerDirectory(root, System.IO.Path.GetFileName(p)))
                .Where(d => File.Exists(d.StateFile)).OrderBy(d => d.Id, StringComparer.Ordinal)
            : [];

    public ContainerRecord ReadRecord() =>
        JsonSerializer.Deserialize(File.ReadAllBytes(StateFile), OciJsonContext.Default.ContainerRecord)
        ?? throw new OciException($"{StateFile}: empty state");

    /// <summary>Written to a temporary name and renamed: a reader never sees half a record.</summary>
    public void WriteRecord(ContainerRecord record)
    {
        var temp = StateFile + ".tmp";
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(record, OciJsonContext.Default.ContainerRecord));
        File.Move(temp, StateFile, overwrite: true);
    }

    public RuntimeSpec ReadSpec() => SpecLoader.Parse(File.ReadAllBytes(ConfigFile), ConfigFile);

    public void Remove()
    {
        if (Directory.Exists(Path))
            Directory.Delete(Path, recursive: true);
    }
}
