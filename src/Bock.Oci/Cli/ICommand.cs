namespace Bock.Oci.Cli;

/// <summary>One bock-oci command: its usage text and its action. Returns the process exit code.</summary>
public interface ICommand
{
    string Name { get; }
    string Summary { get; }
    string Usage { get; }
    int Run(GlobalOptions global, IReadOnlyList<string> args);
}
