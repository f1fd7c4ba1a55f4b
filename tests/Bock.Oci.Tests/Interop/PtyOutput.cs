using System.Text;
using Bock.Kernel.Native;

namespace Bock.Oci.Tests.Interop;

/// <summary>Reads a pty master until the text contains what is expected, the slave side closes (EIO), or time runs out.</summary>
internal static class PtyOutput
{
    public static async Task<string> ReadUntilAsync(int master, string expected, TimeSpan timeout)
    {
        var text = new StringBuilder();
        var reading = Task.Run(() =>
        {
            var buffer = new byte[4096];
            try
            {
                int n;
                while (!text.ToString().Contains(expected) && (n = Unistd.Read(master, buffer)) > 0)
                    text.Append(Encoding.UTF8.GetString(buffer, 0, n));
            }
            catch (KernelException)
            {
                // EIO: every slave fd is closed.
            }
        });
        await reading.WaitAsync(timeout);
        return text.ToString();
    }
}
