namespace Bock.Oci.Runtime;

/// <summary>wait(2) statuses turned into shell-style exit codes (128 + signal) and words.</summary>
public static class ExitStatus
{
    public static bool Exited(int status) => (status & 0x7f) == 0;
    public static int Code(int status) => (status >> 8) & 0xff;
    public static int Signal(int status) => status & 0x7f;

    public static int ToExitCode(int status) => Exited(status) ? Code(status) : 128 + Signal(status);

    public static string Describe(int status) =>
        Exited(status) ? $" (exit status {Code(status)})" : $" (killed by signal {Signal(status)})";
}
