
namespace Bock.Host.Api;

/// <summary>Responses in Docker's shapes: errors are <c>{"message": "..."}</c> with the status code that says what went wrong.</summary>
internal static class ApiResults
{
    /// <summary>Exactly <c>application/json</c>: docker CLI shows the message only then, and the raw body otherwise.</summary>
    public static IResult Error(int statusCode, string message) =>
        TypedResults.Json(new ApiError(message), BockApiJsonContext.Default.ApiError, contentType: "application/json", statusCode: statusCode);

    public static IResult NoSuchContainer(string idOrName) => Error(StatusCodes.Status404NotFound, $"No such container: {idOrName}");

    public static IResult BadRequest(string message) => Error(StatusCodes.Status400BadRequest, message);

    public static IResult Conflict(string message) => Error(StatusCodes.Status409Conflict, message);

    public static IResult ServerError(string message) => Error(StatusCodes.Status500InternalServerError, message);
}
