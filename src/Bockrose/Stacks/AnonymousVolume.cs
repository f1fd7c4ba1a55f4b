namespace Bockrose.Stacks;

/// <summary>A volume a replica has for itself alone (a <c>- /path</c> volume, an image VOLUME) and where it is mounted.</summary>
public sealed record AnonymousVolume(string Name, string Destination);
