using Bock.Cli;

// One thin client, picked by the name it was started as: bock today; bock-runtime and bockrose join it as their
// commands land.
using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    interrupted.Cancel();
};
var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
var stderr = new StreamWriter(Console.OpenStandardError()) { AutoFlush = true };
return Path.GetFileName(Environment.GetCommandLineArgs()[0]) switch
{
    Bock.Cli.Stacks.BockroseCli.Program => await Bock.Cli.Stacks.BockroseCli.RunAsync(args, stdout, stderr, interrupted.Token),
    _ => await BockCli.RunAsync(args, stdout, stderr, interrupted.Token),
};
