using System.Text.Json;
using Bock.Host.Containers;
using Bock.Host.Images;
using Bock.Images.Content;
using Bock.Images.Oci;
using Bock.Images.Reference;
using Bock.Images.Registry;
using Microsoft.AspNetCore.Http.Features;

namespace Bock.Host.Api;

/// <summary>/images, /auth: Docker's image endpoints over the daemon's image store.</summary>
internal static class ImageEndpoints
{
    public static void MapImageEndpoints(this IEndpointRouteBuilder app)
    {
        var images = app.MapGroup("/images");

        images.MapPost("/create", async (HttpContext context, string? fromImage, string? fromSrc, string? tag, string? repo, string? platform, string? message,
            ImageService service, CancellationToken ct) =>
        {
            Platform? wanted;
            ImageReference? reference = null;
            AuthConfigDto? auth;
            try
            {
                wanted = string.IsNullOrEmpty(platform) ? null : Platform.Parse(platform);
                auth = ImageService.DecodeAuthHeader(context.Request.Headers["X-Registry-Auth"]);
                if (!string.IsNullOrEmpty(fromImage)) reference = ImageNames.Parse(fromImage, tag);
                else if (!string.IsNullOrEmpty(repo)) reference = ImageNames.Parse(repo, tag);
            }
            catch (Exception e) when (e is FormatException or InvalidReferenceException)
            {
                return ApiResults.BadRequest(e.Message);
            }
            if (!string.IsNullOrEmpty(fromImage))
            {
                await StreamAsync(context, ct, stream => service.PullAsync(reference!, wanted, auth, stream, ct));
                return Results.Empty;
            }
            if (fromSrc != "-")
                return ApiResults.BadRequest(string.IsNullOrEmpty(fromSrc) ? "fromImage or fromSrc is required" : "import from a URL is not supported: send the tarball as the body (fromSrc=-)");
            AllowSynchronousIO(context);
            var changes = context.Request.Query["changes"].Where(c => !string.IsNullOrEmpty(c)).Select(c => c!).ToList();
            await StreamAsync(context, ct, async stream =>
                stream.Status(await service.ImportAsync(context.Request.Body, reference, changes, message, wanted, ct)));
            return Results.Empty;
        });

        images.MapGet("/json", async (string? filters, ImageService service, ContainerService containers, CancellationToken ct) =>
        {
            IReadOnlyDictionary<string, IReadOnlyList<string>> parsed;
            try
            {
                parsed = DockerFilters.Parse(filters);
            }
            catch (FormatException e)
            {
                return ApiResults.BadRequest(e.Message);
            }
            var usage = await UsageAsync(containers, ct);
            var list = service.List().Where(i => Matches(i, parsed)).Select(i => ImageService.Summary(i, usage.GetValueOrDefault(i.Id))).ToList();
            return TypedResults.Json<IReadOnlyList<ImageSummary>>(list, BockApiJsonContext.Default.IReadOnlyListImageSummary);
        });

        images.MapPost("/load", async (HttpContext context, ImageService service, CancellationToken ct) =>
        {
            AllowSynchronousIO(context);
            await StreamAsync(context, ct, stream => service.LoadAsync(context.Request.Body, stream, ct));
        });

        images.MapGet("/get", (HttpContext context, ImageService service) =>
            SaveAsync(context, service, [.. context.Request.Query["names"].Select(n => n ?? "")]));

        images.MapPost("/prune", async (string? filters, ImageService service, ContainerService containers, CancellationToken ct) =>
        {
            bool danglingOnly;
            try
            {
                danglingOnly = !(DockerFilters.Parse(filters).GetValueOrDefault("dangling") is [var d] && !DockerFilters.IsTrue(d));
            }
            catch (FormatException e)
            {
                return ApiResults.BadRequest(e.Message);
            }
            var used = (await UsageAsync(containers, ct)).Keys.ToHashSet(StringComparer.Ordinal);
            return TypedResults.Json(service.Prune(danglingOnly, used), BockApiJsonContext.Default.ImagePruneResponse);
        });

        // Names hold slashes (localhost:5000/team/app): the routes take the rest of the path and split off the verb.
        images.MapGet("/{**path}", async (string path, HttpContext context, ImageService service) =>
        {
            if (Verb(path, "json") is { } inspect)
                return service.Find(inspect) is { } image
                    ? TypedResults.Json(ImageService.Inspect(image), BockApiJsonContext.Default.ImageInspectResponse)
                    : NoSuchImage(inspect);
            if (Verb(path, "history") is { } history)
                return service.Find(history) is { } image
                    ? TypedResults.Json(service.History(image), BockApiJsonContext.Default.IReadOnlyListImageHistoryItem)
                    : NoSuchImage(history);
            if (Verb(path, "get") is { } get)
                return await SaveAsync(context, service, [get]);
            return ApiResults.Error(StatusCodes.Status404NotFound, "page not found");
        });

        images.MapPost("/{**path}", async (string path, HttpContext context, string? repo, string? tag, ImageService service, CancellationToken ct) =>
        {
            if (Verb(path, "tag") is { } source)
            {
                if (service.Find(source) is not { } image) return NoSuchImage(source);
                ImageReference target;
                try
                {
                    target = ImageNames.Parse(repo ?? "", tag);
                }
                catch (InvalidReferenceException e)
                {
                    return ApiResults.BadRequest(e.Message);
                }
                if (target.Digest is not null) return ApiResults.BadRequest("refusing to create a tag with a digest reference");
                service.Tag(image, target);
                return TypedResults.StatusCode(StatusCodes.Status201Created);
            }
            if (Verb(path, "push") is { } name)
                return await PushAsync(context, service, name, tag, ct);
            return ApiResults.Error(StatusCodes.Status404NotFound, "page not found");
        });

        images.MapDelete("/{**name}", async (string name, string? force, ImageService service, ContainerService containers, CancellationToken ct) =>
        {
            if (service.Find(name) is not { } image) return NoSuchImage(name);
            var user = (await containers.ListAsync(ct)).FirstOrDefault(c => c.ImageId == image.Id);
            try
            {
                return TypedResults.Json(service.Delete(name, image, DockerFilters.IsTrue(force), user?.Id), BockApiJsonContext.Default.IReadOnlyListImageDeleteResponseItem);
            }
            catch (ImageConflictException e)
            {
                return ApiResults.Conflict(e.Message);
            }
        });

        app.MapPost("/auth", async (HttpRequest request, ImageService service, CancellationToken ct) =>
        {
            AuthConfigDto? auth;
            try
            {
                auth = await JsonSerializer.DeserializeAsync(request.Body, BockApiJsonContext.Default.AuthConfigDto, ct);
            }
            catch (JsonException e)
            {
                return ApiResults.BadRequest($"invalid JSON: {e.Message}");
            }
            if (auth is null) return ApiResults.BadRequest("credentials are required");
            try
            {
                await service.LoginAsync(auth, ct);
            }
            catch (RegistryException e)
            {
                return ApiResults.Error(e.Kind is RegistryErrorKind.Unauthorized or RegistryErrorKind.Denied ? StatusCodes.Status401Unauthorized : StatusCodes.Status500InternalServerError,
                    $"login to {e.Registry} failed: {e.Reason}");
            }
            return TypedResults.Json(new AuthResponse { Status = "Login Succeeded" }, BockApiJsonContext.Default.AuthResponse);
        });
    }

    /// <summary>Image id → how many containers use it.</summary>
    public static async Task<Dictionary<string, int>> UsageAsync(ContainerService containers, CancellationToken ct) =>
        (await containers.ListAsync(ct)).Where(c => c.ImageId is not null).GroupBy(c => c.ImageId!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    private static IResult NoSuchImage(string name) => ApiResults.Error(StatusCodes.Status404NotFound, $"No such image: {name}");

    /// <summary><c>a/b/json</c> with verb <c>json</c> → <c>a/b</c>.</summary>
    private static string? Verb(string path, string verb) =>
        path.EndsWith("/" + verb, StringComparison.Ordinal) && path.Length > verb.Length + 1 ? path[..^(verb.Length + 1)] : null;

    private static bool Matches(StoredImage image, IReadOnlyDictionary<string, IReadOnlyList<string>> filters)
    {
        if (filters.GetValueOrDefault("dangling") is [var dangling] && DockerFilters.IsTrue(dangling) != image.IsDangling) return false;
        if (filters.GetValueOrDefault("reference") is { Count: > 0 } patterns
            && !patterns.Any(p => image.VisibleNames.Any(n => DockerFilters.Glob(p, n.FamiliarName) || DockerFilters.Glob(p, (n with { Tag = null, Digest = null }).FamiliarName))))
            return false;
        if (filters.GetValueOrDefault("label") is { Count: > 0 } labels)
        {
            var have = image.Image.Config.Config?.Labels ?? new Dictionary<string, string>();
            foreach (var label in labels)
            {
                var (key, value) = label.IndexOf('=') is var eq and > 0 ? (label[..eq], label[(eq + 1)..]) : (label, null);
                if (!have.TryGetValue(key, out var actual) || value is not null && actual != value) return false;
            }
        }
        return true;
    }

    private static async Task<IResult> SaveAsync(HttpContext context, ImageService service, IReadOnlyList<string> names)
    {
        var chosen = new List<(ImageReference?, StoredImage)>();
        foreach (var name in names)
        {
            if (service.Find(name) is not { } image) return NoSuchImage(name);
            // Saved under the name it was asked by, when that is one of its tags; by id, under all of them.
            var asked = ImageReference.TryParse(name, out var r, out _) ? image.VisibleNames.FirstOrDefault(n => n.ToString() == r!.ToString() && n.Tag is not null) : null;
            if (asked is not null) chosen.Add((asked, image));
            else if (image.VisibleNames.Where(n => n.Tag is not null).ToList() is { Count: > 0 } tags) chosen.AddRange(tags.Select(t => ((ImageReference?)t, image)));
            else chosen.Add((null, image));
        }
        AllowSynchronousIO(context);
        context.Response.ContentType = "application/x-tar";
        await context.Response.StartAsync(context.RequestAborted);
        service.Save(chosen, context.Response.Body);
        return Results.Empty;
    }

    private static async Task<IResult> PushAsync(HttpContext context, ImageService service, string name, string? tag, CancellationToken ct)
    {
        AuthConfigDto? auth;
        ImageReference repository;
        try
        {
            auth = ImageService.DecodeAuthHeader(context.Request.Headers["X-Registry-Auth"]);
            repository = ImageNames.Parse(name, tag);
        }
        catch (Exception e) when (e is FormatException or InvalidReferenceException)
        {
            return ApiResults.BadRequest(e.Message);
        }
        var targets = new List<(ImageReference, StoredImage)>();
        if (!string.IsNullOrEmpty(tag) || repository.Digest is not null || name.Contains(':') && name.LastIndexOf(':') > name.LastIndexOf('/'))
        {
            if (service.Find(repository.ToString()) is not { } image || !image.VisibleNames.Any(n => n.ToString() == repository.ToString()))
                return ApiResults.Error(StatusCodes.Status404NotFound, $"An image does not exist locally with the tag: {repository.FamiliarName}");
            targets.Add((repository, image));
        }
        else
        {
            // No tag: every tag of the repository, as docker push --all-tags.
            foreach (var image in service.List())
                targets.AddRange(image.VisibleNames.Where(n => n.Repository == repository.Repository && n.Tag is not null).Select(n => (n, image)));
            if (targets.Count == 0)
                return ApiResults.Error(StatusCodes.Status404NotFound, $"An image does not exist locally with the tag: {(repository with { Tag = null }).FamiliarName}");
        }
        await StreamAsync(context, ct, stream => service.PushAsync(targets, auth, stream, ct));
        return Results.Empty;
    }

    /// <summary>Runs <paramref name="work"/> over a progress stream; its failure becomes the stream's error line.</summary>
    private static async Task StreamAsync(HttpContext context, CancellationToken ct, Func<ProgressStream, Task> work)
    {
        var stream = new ProgressStream(context.Response, ct);
        try
        {
            await work(stream);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            stream.Error(e.Message);
        }
        await stream.CompleteAsync();
    }

    /// <summary>The archive readers and writers of Bock.Images are synchronous in places (tar, gzip).</summary>
    private static void AllowSynchronousIO(HttpContext context)
    {
        if (context.Features.Get<IHttpBodyControlFeature>() is { } control) control.AllowSynchronousIO = true;
    }
}
