namespace Bock.Builder.Dockerfile;

/// <summary>A word whose variables cannot be substituted (bad syntax, an unset <c>${v:?}</c>); the caller adds the location.</summary>
internal sealed class SubstitutionException(string message) : Exception(message);
