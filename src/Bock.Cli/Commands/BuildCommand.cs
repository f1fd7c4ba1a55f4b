using Bock.Cli.Build;
using Bock.Cli.CommandLine;
using Bock.Cli.Daemon;
using Bock.Cli.Native;

namespace Bock.Cli.Commands;

/// <summary>
/// <c>bock build</c> = <c>bock image build</c> = <c>bock-runtime build</c>: sends the context to bockd's
/// <c>POST /build</c> and shows its progress. BuildKit's convention for the streams: progress on stderr, nothing on
/// stdout but the image id with <c>-q</c>. Exits 0 on success, 1 when the build fails (its error, with the spec's
/// file:line:column, on stderr), 125 for a bad command line or an error from the daemon before the build starts.
/// </summary>
internal sealed class BuildCommand : ICommand
{
    public string Name => "build";
    public string Arguments => "PATH | -";
    public string Summary => "Build an image from a Bockfile or a Dockerfile";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath)
        .List("tag", 't', "Name and optionally a tag in the \"name:tag\" format")
        .Value("file", 'f', "Name of the build spec, relative to the working directory, - for stdin (default \"PATH/Bockfile\", else \"PATH/.bockfile.yaml\", else \"PATH/Dockerfile\")")
        .List("build-arg", null, "Set build-time variables (KEY=VALUE, or KEY for the value of $KEY)")
        .List("label", null, "Set metadata for an image")
        .Value("target", null, "Set the target build stage to build")
        .Bool("no-cache", null, "Do not use cache when building the image")
        .Bool("pull", null, "Always attempt to pull a newer version of the base images")
        .Value("platform", null, "Set platform (linux/amd64)")
        .List("cache-from", null, "Images to consider as cache sources")
        .List("secret", null, "Secret to expose to the build (format: \"id=mysecret[,src=/local/secret|,env=VAR]\")", "stringArray")
        .List("output", 'o', "Output destination (format: \"type=local,dest=path\"; types oci, docker, local, image; \"-o DIR\" is type=local)", "stringArray")
        .Bool("push", null, "Push the image to its registry (the tags name it)")
        .Bool("normalize-owners", null, "Write every layer entry owned by 0:0 (uid and gid), as reproducible-build tools do")
        .Value("iidfile", null, "Write the image ID to the file (only when the build succeeds)")
        .Bool("quiet", 'q', "Suppress the build output and print the image ID on stdout on success")
        .Value("progress", null, "Type of progress output (auto, plain, tty), always on stderr; stdout stays empty unless -q (default \"auto\": tty on a terminal)");

    public async Task<int> RunAsync(ParsedFlags flags, CliContext context)
    {
        var path = flags.Arguments(1, 1)[0];
        var options = BuildOptions.From(flags, Environment.GetEnvironmentVariable);
        var ct = context.Cancellation;
        var secrets = BuildRequest.Secrets(options.Secrets); // read before anything is sent: a missing one is a usage error
        var source = await BuildSource.ResolveAsync(path, options.File, Console.OpenStandardInput, ct);
        if (secrets is not null) source.Body.Headers.Add(BuildRequest.SecretsHeader, secrets);
        if (BuildRequest.RegistryConfig() is { } registries) source.Body.Headers.Add(BuildRequest.RegistryConfigHeader, registries);

        using var progress = ProgressFor(options, context);
        HttpResponseMessage response;
        try
        {
            response = await context.Daemon.SendAsync(HttpMethod.Post, BuildRequest.Path(options, source.Spec), source.Body, ct);
        }
        catch (DaemonException e)
        {
            progress.Fail(e.Message);
            await context.Error.WriteLineAsync($"Error response from daemon: {e.Message}");
            return 125;
        }
        catch (DaemonUnreachableException e)
        {
            progress.Fail(e.Message);
            await context.Error.WriteLineAsync(e.Message);
            return 125;
        }
        catch (HttpRequestException e) when (ContextError(e) is { } contextError)
        {
            progress.Fail(contextError.Message);
            await context.Error.WriteLineAsync($"ERROR: {contextError.Message}");
            return 1;
        }

        BuildStream.Outcome outcome;
        using (response)
        {
            try
            {
                outcome = await BuildStream.ReadAsync(await response.Content.ReadAsStreamAsync(ct), progress, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Leaving closes the connection: that is how the daemon learns to cancel the build.
                progress.Fail("canceled");
                await context.Error.WriteLineAsync("ERROR: build canceled");
                return 130;
            }
        }
        var error = outcome.Error ?? (outcome.ImageId is null && options.StoresImage ? "the daemon ended the build without naming an image" : null);
        if (error is not null)
        {
            progress.Fail(error);
            await context.Error.WriteLineAsync($"ERROR: {error}");
            return 1;
        }
        progress.Complete(outcome.ImageId);
        if (outcome.ImageId is { } id)
        {
            if (options.IidFile is { } iidFile) WriteAtomically(iidFile, id);
            if (options.Quiet) await context.Out.WriteLineAsync(id);
        }
        return 0;
    }

    private static IBuildProgress ProgressFor(BuildOptions options, CliContext context)
    {
        if (options.Quiet) return new QuietBuildProgress(context.Error);
        var tty = options.Progress == BuildProgressMode.Tty || (options.Progress == BuildProgressMode.Auto && Termios.IsTerminal(2));
        if (!tty) return new PlainBuildProgress(context.Error);
        var (rows, columns) = Termios.Size(2) ?? (24, 80);
        return new TtyBuildProgress(context.Error, columns, rows);
    }

    private static ContextArchiveException? ContextError(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is ContextArchiveException found) return found;
        return null;
    }

    private static void WriteAtomically(string path, string content)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, content);
        File.Move(temp, path, overwrite: true);
    }
}
