using System.Globalization;
using System.Text.RegularExpressions;

namespace Bock.Host.Api;

/// <summary>
/// Docker clients put the API version in front of every path (<c>/v1.43/containers/json</c>); routes are written
/// without it. A version newer than ours is refused as dockerd does, so a client can negotiate down.
/// </summary>
internal static partial class ApiVersionPrefix
{
    public const string Current = "1.43";
    public const string Minimum = "1.24";

    [GeneratedRegex(@"^/v(\d+\.\d+)(/.*)$")]
    private static partial Regex Prefix();

    public static async Task StripAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path.Value is { } path && Prefix().Match(path) is { Success: true } match)
        {
            var requested = decimal.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            if (requested > decimal.Parse(Current, CultureInfo.InvariantCulture))
            {
                await ApiResults.Error(StatusCodes.Status400BadRequest,
                    $"client version {match.Groups[1].Value} is too new. Maximum supported API version is {Current}").ExecuteAsync(context);
                return;
            }
            if (requested < decimal.Parse(Minimum, CultureInfo.InvariantCulture))
            {
                await ApiResults.Error(StatusCodes.Status400BadRequest,
                    $"client version {match.Groups[1].Value} is too old. Minimum supported API version is {Minimum}, please upgrade your client to a newer version").ExecuteAsync(context);
                return;
            }
            context.Request.Path = match.Groups[2].Value;
        }
        context.Response.Headers["Api-Version"] = Current;
        await next(context);
    }
}
