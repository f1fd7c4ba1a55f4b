using Bock.Kernel.Native;
using Bock.Kernel.Spec;
using Bock.Oci.Runtime;

namespace Bock.Oci.Shim;

/// <summary>
/// The detached half of <c>bock-oci shim</c>: creates the container as its own child, reports "created" (or the
/// error) on the ready fd, then holds the container's stdio, logs it, serves the socket and records the exit.
/// </summary>
public static class ShimDaemon
{
    /// <summary>Output that is still in the pipes when init exits is drained for at most this long.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    public static int Run(ShimOptions options, int readyFd)
    {
        // Our stdio is /dev/null; anything written to it while fds 0-2 are lent to the container would land in its log.
        Console.SetOut(TextWriter.Null);
        Console.SetError(TextWriter.Null);
        Directory.SetCurrentDirectory("/");

        ShimContainer container;
        ContainerStdio stdio;
        OutputFanout fanout;
        ShimServer server;
        List<OutputPump> pumps;
        try
        {
            var spec = SpecLoader.LoadBundle(options.Bundle);
            if (spec.Process?.Terminal != options.Tty)
                throw new OciException($"--tty must match process.terminal ({spec.Process?.Terminal ?? false}) in the bundle's config.json");
            stdio = options.Tty ? ContainerStdio.ForTerminal() : ContainerStdio.WithPipes(options.OpenStdin);
            var created = stdio.WhileCreating(() => ContainerLauncher.Create(
                new CreateOptions(options.Root, options.Id, options.Bundle) { PidFile = options.PidFile }));
            try
            {
                if (options.Tty) stdio.UseConsole(created.ConsoleFd);
                container = new ShimContainer(created);
                fanout = new OutputFanout(new JsonFileLog(options.LogFile), framed: !options.Tty);
                pumps = [.. stdio.Outputs.Select(o => OutputPump.Start(o.Fd, o.Stream, fanout))];
                server = ShimServer.Listen(options.SocketPath, container, fanout, stdio);
            }
            catch
            {
                ContainerOps.Delete(created.Directory, force: true);
                throw;
            }
        }
        catch (Exception e)
        {
            // Every failure, bugs included, goes back to the caller: our own stderr is /dev/null.
            var message = e is OciException or SpecException or KernelException or IOException ? e.Message : e.ToString();
            Log.Error($"shim {options.Id}: {message}");
            Report(readyFd, "error " + message.ReplaceLineEndings(" "));
            return 1;
        }
        Report(readyFd, "ok");

        var status = container.WaitForExit();
        foreach (var pump in pumps)
            pump.Join(DrainTimeout);
        fanout.Close();
        var exit = new ExitRecord(ExitStatus.ToExitCode(status), ExitStatus.Exited(status) ? 0 : ExitStatus.Signal(status),
            container.WasOomKilled(), Rfc3339.Format(DateTime.UtcNow));
        try
        {
            ExitFile.Write(options.ExitFile, exit);
        }
        catch (IOException e)
        {
            Log.Error($"shim {options.Id}: cannot write the exit file: {e.Message}");
        }
        container.Complete(exit);
        fanout.Disconnect();
        server.Shutdown(grace: TimeSpan.FromSeconds(2));
        stdio.Dispose();
        return 0;
    }

    /// <summary>One line to the waiting caller, then the fd is closed so its read ends.</summary>
    private static void Report(int readyFd, string line)
    {
        try
        {
            Unistd.WriteAll(readyFd, System.Text.Encoding.UTF8.GetBytes(line + "\n"));
        }
        catch (KernelException)
        {
            // The caller died: nobody to tell, and the container lives on regardless.
        }
        Unistd.Close(readyFd);
    }
}
