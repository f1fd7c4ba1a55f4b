using Bock.Cli;

// One thin client, picked by the name it was started as: bock, bock-runtime (the builder's commands) or bockrose
// (compose stacks).
Bock.Cli.Native.InterruptSignal.Unignore();
using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    // Not inline: Cancel runs the cancelled code's continuations on the thread that calls it, and this one is the
    // runtime's signal dispatcher, which `bockrose up`'s stop needs free to register its second-Ctrl-C handler.
    _ = Task.Run(interrupted.Cancel);
};
// Synchronized: several tasks write at once (bockrose's per-container log lines, its stop progress, pull bars).
var stdout = TextWriter.Synchronized(new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true });
var stderr = TextWriter.Synchronized(new StreamWriter(Console.OpenStandardError()) { AutoFlush = true });
// argv[0] as the process was started (a NativeAOT binary keeps it): the symlink's name, not the binary's.
var argv0 = Environment.GetCommandLineArgs().FirstOrDefault();
return Path.GetFileName(argv0) switch
{
    Bock.Cli.Stacks.BockroseCli.Program => await Bock.Cli.Stacks.BockroseCli.RunAsync(args, stdout, stderr, interrupted.Token),
    _ => await BockCli.RunAsync(BockCli.ProgramFor(argv0), args, stdout, stderr, interrupted.Token),
};
