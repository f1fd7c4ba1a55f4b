using System.Text;
using Akka.Actor;
using Akka.Hosting;
using Bock.Host.Stacks;
using Bockrose.Compose;
using Bockrose.Compose.Output;
using Bockrose.Stacks;
using static Bockrose.Stacks.StackProtocol;

namespace Bock.Host.Api;

/// <summary>
/// /bock/stacks: bockrose's API. The client sends what the compose loader needs (working directory, files,
/// environment); bockd, root on the same host, reads the files itself. A file that does not load is a 400 with the
/// loader's file:line:column message, before anything is created.
/// </summary>
internal static class StackEndpoints
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    /// <summary>up and down wait for containers, images, health checks: as long as the client stays.</summary>
    private static readonly TimeSpan OperationTimeout = TimeSpan.FromHours(1);

    private static readonly HashSet<string> Actions = new(StringComparer.Ordinal) { "start", "stop", "restart", "kill", "pause", "unpause", "rm" };

    public static void MapStackEndpoints(this IEndpointRouteBuilder app)
    {
        var stacks = app.MapGroup("/bock/stacks");

        stacks.MapPost("/config", (StackRequest request, string? format, string? services, string? quiet) =>
        {
            request = StackRequestDefaults.Apply(request);
            LoadedProject loaded;
            try
            {
                loaded = StackLoading.Load(request);
            }
            catch (ComposeException e)
            {
                return ApiResults.BadRequest(e.Message);
            }
            if (IsTrue(quiet)) return Results.Text("", "text/yaml", Encoding.UTF8);
            if (IsTrue(services)) return Results.Text(string.Concat(loaded.Project.Services.Keys.Select(s => s + "\n")), "text/plain", Encoding.UTF8);
            var yaml = ConfigRenderer.Render(loaded.Project);
            return format switch
            {
                null or "" or "yaml" => Results.Text(yaml, "text/yaml", Encoding.UTF8),
                "json" => Results.Text(YamlAsJson.Convert(yaml), "application/json", Encoding.UTF8),
                _ => ApiResults.BadRequest($"unsupported format \"{format}\": yaml or json"),
            };
        });

        stacks.MapPost("/up", async (HttpContext context, StackUpRequest request, IRequiredActor<StackDirectory> directory) =>
        {
            var (definition, error) = Define(request.Project, request.Scale);
            if (definition is null)
            {
                await error!.ExecuteAsync(context);
                return;
            }
            request = StackRequestDefaults.Apply(request);
            if (request.Pull is not ("missing" or "always" or "never"))
            {
                await ApiResults.BadRequest($"invalid pull policy \"{request.Pull}\": missing, always or never").ExecuteAsync(context);
                return;
            }
            var actor = await directory.GetAsync(context.RequestAborted);
            await StackStreams.RunAsync(context, progress => actor.Ask<object>(new Up(definition, request, progress), OperationTimeout));
        });

        stacks.MapPost("/run", async (StackRunRequest request, IRequiredActor<StackDirectory> directory, CancellationToken ct) =>
        {
            request = StackRequestDefaults.Apply(request);
            var (definition, error) = Define(request.Project, new Dictionary<string, int>());
            if (definition is null) return error!;
            var actor = await directory.GetAsync(ct);
            return await actor.Ask<object>(new Run(definition, request, NoProgress), OperationTimeout, ct) switch
            {
                OneOffCreated created => TypedResults.Json(new ContainerCreateResponse(created.Id, []), BockApiJsonContext.Default.ContainerCreateResponse, statusCode: StatusCodes.Status201Created),
                OperationDone { Error: { } failed } => ApiResults.BadRequest(failed),
                var other => ApiResults.ServerError($"unexpected answer {other.GetType().Name}"),
            };
        });

        stacks.MapGet("/", async (IRequiredActor<StackDirectory> directory, CancellationToken ct) =>
            TypedResults.Json(await (await directory.GetAsync(ct)).Ask<IReadOnlyList<StackSummary>>(ListStacks.Instance, AskTimeout, ct),
                BockApiJsonContext.Default.IReadOnlyListStackSummary));

        stacks.MapGet("/{project}", async (string project, IRequiredActor<StackDirectory> directory, CancellationToken ct) =>
            await (await directory.GetAsync(ct)).Ask<object>(new GetStack(project), AskTimeout, ct) switch
            {
                StackDetail detail => TypedResults.Json(detail, BockApiJsonContext.Default.StackDetail),
                OperationDone { NotFound: true, Error: var error } => ApiResults.Error(StatusCodes.Status404NotFound, error ?? $"no such stack: {project}"),
                var other => ApiResults.ServerError($"unexpected answer {other.GetType().Name}"),
            });

        stacks.MapPost("/{project}/down", async (HttpContext context, string project, IRequiredActor<StackDirectory> directory) =>
        {
            var request = await ReadAsync(context, BockApiJsonContext.Default.StackDownRequest) ?? new StackDownRequest();
            var actor = await directory.GetAsync(context.RequestAborted);
            await StackStreams.RunAsync(context, progress => actor.Ask<object>(new Down(project, request, progress), OperationTimeout));
        });

        stacks.MapPost("/{project}/scale", async (HttpContext context, string project, IRequiredActor<StackDirectory> directory) =>
        {
            var replicas = await ReadAsync(context, BockApiJsonContext.Default.IReadOnlyDictionaryStringInt32) ?? new Dictionary<string, int>();
            if (replicas.Values.Any(n => n < 0))
            {
                await ApiResults.BadRequest("a replica count cannot be negative").ExecuteAsync(context);
                return;
            }
            var actor = await directory.GetAsync(context.RequestAborted);
            await StackStreams.RunAsync(context, progress => actor.Ask<object>(new Scale(project, replicas, progress), OperationTimeout));
        });

        stacks.MapPost("/{project}/{action}", async (HttpContext context, string project, string action, IRequiredActor<StackDirectory> directory) =>
        {
            if (!Actions.Contains(action))
            {
                await ApiResults.Error(StatusCodes.Status404NotFound, $"unknown stack action \"{action}\"").ExecuteAsync(context);
                return;
            }
            var request = StackRequestDefaults.Apply(await ReadAsync(context, BockApiJsonContext.Default.StackActionRequest) ?? new StackActionRequest());
            var actor = await directory.GetAsync(context.RequestAborted);
            await StackStreams.RunAsync(context, progress => actor.Ask<object>(new StackProtocol.Act(project, action, request, progress), OperationTimeout));
        });
    }

    /// <summary>The definition, or the 400 that says why the files do not load.</summary>
    private static (StackDefinition? Definition, IResult? Error) Define(StackRequest request, IReadOnlyDictionary<string, int> scale)
    {
        try
        {
            return (StackLoading.Define(request, scale), null);
        }
        catch (ComposeException e)
        {
            return (null, ApiResults.BadRequest(e.Message));
        }
    }

    /// <summary>An optional body: none, or an empty one, is the defaults.</summary>
    private static async Task<T?> ReadAsync<T>(HttpContext context, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        if (context.Request.ContentLength is 0) return default;
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return buffer.Length == 0 ? default : System.Text.Json.JsonSerializer.Deserialize(buffer.ToArray(), type);
    }

    private static bool IsTrue(string? flag) => flag is "1" or "true" or "True";
}
