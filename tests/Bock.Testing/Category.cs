namespace Bock.Testing;

/// <summary>Trait for tests that need root and a real kernel; CI runs them (as root), developers may filter them out.</summary>
public static class Category
{
    public const string Name = "Category";
    public const string Privileged = "Privileged";
}
