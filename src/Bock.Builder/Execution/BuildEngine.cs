using Akka.Actor;
using Bock.Images.Build;
using Bock.Images.Oci;
using Bock.Images.Store;

namespace Bock.Builder.Execution;

/// <summary>
/// Runs a build on an actor system and commits its image: a <see cref="BuildActor"/> builds the target stage, then
/// the config (created = SOURCE_DATE_EPOCH when set) and the manifest are written. No name is given here: the caller
/// tags only after everything else succeeded.
/// </summary>
public static class BuildEngine
{
    public static async Task<Image> BuildAsync(IActorRefFactory actors, BuildEnvironment environment, CancellationToken cancellationToken)
    {
        try
        {
            await CacheSeeds.SeedAsync(environment, _ => { }, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            environment.RemoveWorkDirectory();
            throw;
        }
        var completion = new TaskCompletionSource<StageState>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var build = actors.ActorOf(BuildActor.Props(environment, completion, cancel), "build-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var state = await completion.Task;
            return Commit(environment, state);
        }
        finally
        {
            // A failed build's stages may still be taking their containers down: wait for the actors to stop.
            cancel.Cancel();
            try
            {
                await build.GracefulStop(TimeSpan.FromSeconds(30));
            }
            catch (Exception e) when (e is TaskCanceledException or AskTimeoutException)
            {
            }
            await environment.StepsEndedAsync(TimeSpan.FromSeconds(60));
            environment.RemoveWorkDirectory();
        }
    }

    /// <summary>The image of a stage's final state, with the request's labels on top of the stage's (ImageAssembler: maps sorted, created = the epoch when set).</summary>
    public static Image Commit(BuildEnvironment environment, StageState state)
    {
        var labels = new Dictionary<string, string>(state.Config.Labels ?? new Dictionary<string, string>());
        foreach (var (key, value) in environment.Request.Labels) labels[key] = value;
        var assembly = new ImageAssembly
        {
            Config = new ImageConfig { Architecture = "amd64", Os = "linux", Config = state.Config with { Labels = labels.Count > 0 ? labels : null } },
            Layers = [.. state.Layers.Select(l => new LayerWriteResult(l.Blob, l.DiffId))],
            History = state.History,
            SourceDateEpoch = environment.Request.SourceDateEpoch,
        };
        return ImageAssembler.Commit(environment.Store, assembly, []);
    }
}
