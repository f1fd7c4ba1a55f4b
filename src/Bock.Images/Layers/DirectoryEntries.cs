using System.Buffers.Binary;
using static Bock.Images.Native.FileSystemCalls;

namespace Bock.Images.Layers;

/// <summary>A directory's names (without <c>.</c> and <c>..</c>) read with getdents64, as raw NUL-terminated bytes.</summary>
internal static unsafe class DirectoryEntries
{
    /// <summary>Reads every name of the directory open (not O_PATH) on <paramref name="dirFd"/>; returns the errno on failure.</summary>
    public static int TryRead(int dirFd, List<byte[]> namesZ)
    {
        byte[] buffer = new byte[32 << 10];
        fixed (byte* b = buffer)
        {
            while (true)
            {
                nint n = Getdents64(dirFd, b, (nuint)buffer.Length);
                if (n < 0)
                    return Errno;
                if (n == 0)
                    return 0;
                for (int offset = 0; offset < n;)
                {
                    // struct linux_dirent64: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name (NUL-terminated)
                    int reclen = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(offset + 16));
                    ReadOnlySpan<byte> name = buffer.AsSpan(offset + 19, reclen - 19);
                    name = name[..name.IndexOf((byte)0)];
                    offset += reclen;
                    if (!name.SequenceEqual("."u8) && !name.SequenceEqual(".."u8))
                        namesZ.Add([.. name, 0]);
                }
            }
        }
    }
}
