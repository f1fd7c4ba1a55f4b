using System.Runtime.InteropServices;
using System.Text;

namespace Bock.Kernel.Native;

/// <summary>A NULL-terminated char*[] in unmanaged memory, as execve and posix_spawn want it.</summary>
public sealed unsafe class NativeStringArray : IDisposable
{
    private readonly nint[] _strings;

    public byte** Pointer { get; }

    public NativeStringArray(IReadOnlyList<string> values)
    {
        _strings = new nint[values.Count];
        Pointer = (byte**)NativeMemory.AllocZeroed((nuint)(values.Count + 1), (nuint)sizeof(nint));
        for (var i = 0; i < values.Count; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(values[i]);
            var s = (byte*)NativeMemory.Alloc((nuint)bytes.Length + 1);
            bytes.CopyTo(new Span<byte>(s, bytes.Length));
            s[bytes.Length] = 0;
            _strings[i] = (nint)s;
            Pointer[i] = s;
        }
    }

    public void Dispose()
    {
        foreach (var s in _strings)
            NativeMemory.Free((void*)s);
        NativeMemory.Free(Pointer);
    }
}
