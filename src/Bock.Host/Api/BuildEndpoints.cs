using Bock.Host.Builds;

namespace Bock.Host.Api;

/// <summary>
/// <c>POST /build</c> (Docker Engine API, plus bock's query extensions): the context tar is the body, the answer a
/// stream of JSON lines (see <see cref="BuildStream"/>). Bad query values are a 400 before anything is built; a
/// failed build is a 200 whose last line is the error, as in Docker.
/// </summary>
internal static class BuildEndpoints
{
    public static void MapBuildEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/build", async (HttpContext context, BuildService builds, CancellationToken ct) =>
        {
            BuildOptions options;
            try
            {
                options = BuildOptionsParser.Parse(context.Request.Query, context.Request.Headers);
            }
            catch (FormatException e)
            {
                return ApiResults.BadRequest(e.Message);
            }
            // A context is as large as the project: no body limit (bockd's socket is root's alone).
            if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                limit.MaxRequestBodySize = null;
            var stream = new BuildStream(context.Response, options.Quiet, ct);
            await builds.BuildAsync(options, context.Request.Body, stream, ct);
            await stream.CompleteAsync();
            return Results.Empty;
        });
    }
}
