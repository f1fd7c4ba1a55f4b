namespace Bock.Images.Tests.Support;

/// <summary>One open registry and one with basic auth (<see cref="RegistryPair"/>) for the whole registry collection.</summary>
[CollectionDefinition(Name)]
public sealed class RegistryCollection : ICollectionFixture<RegistryPair>
{
    public const string Name = "registry";
}
