namespace Bock.Actors.Networks;

/// <summary>Why a network command was refused; the API maps each onto Docker's status code.</summary>
public enum NetworkFailure
{
    /// <summary>No such network or endpoint (404).</summary>
    NotFound,

    /// <summary>A name taken, an overlapping subnet, an address in use, endpoints still attached (409).</summary>
    Conflict,

    /// <summary>A malformed subnet, gateway or address (400).</summary>
    Invalid,

    /// <summary>A predefined network cannot be removed (403).</summary>
    Forbidden,

    /// <summary>The kernel refused (500).</summary>
    Kernel,
}
