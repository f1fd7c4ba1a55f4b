using Microsoft.Extensions.Logging;

namespace Bock.Host.Api;

/// <summary>
/// Docker clients read the message of every error body: failures outside the endpoints (a query parameter that does
/// not parse, a bug) get <c>{"message": ...}</c> too, rather than an empty body.
/// </summary>
internal static class ApiErrorHandling
{
    public static async Task HandleAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            await ApiResults.Error(e.StatusCode, e.Message).ExecuteAsync(context);
        }
        catch (Exception e) when (e is not OperationCanceledException && !context.Response.HasStarted)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Bock.Host.Api").LogError(e, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
            await ApiResults.ServerError(e.Message).ExecuteAsync(context);
        }
    }
}
