using Bock.Cli;

// One thin client, picked by the name it was started as: bock, or bock-runtime (the builder's commands); bockrose
// joins it as its commands land.
using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    interrupted.Cancel();
};
var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
var stderr = new StreamWriter(Console.OpenStandardError()) { AutoFlush = true };
// argv[0] as the process was started (a NativeAOT binary keeps it): the symlink's name, not the binary's.
var program = BockCli.ProgramFor(Environment.GetCommandLineArgs().FirstOrDefault());
return await BockCli.RunAsync(program, args, stdout, stderr, interrupted.Token);
