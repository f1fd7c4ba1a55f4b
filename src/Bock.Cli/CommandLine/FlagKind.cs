namespace Bock.Cli.CommandLine;

internal enum FlagKind
{
    /// <summary>Present or not; <c>--flag=false</c> turns it off.</summary>
    Bool,

    /// <summary>One value; a later occurrence wins.</summary>
    Value,

    /// <summary>Repeatable; every occurrence is kept in order.</summary>
    List,
}
