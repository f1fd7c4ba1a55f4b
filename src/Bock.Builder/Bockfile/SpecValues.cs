using System.Globalization;

namespace Bock.Builder.Bockfile;

/// <summary>Scalars read as the Bockfile's few value types; every failure names the node's location.</summary>
internal static class SpecValues
{
    public static SpecScalar Scalar(SpecNode node, string what) =>
        node is SpecScalar { IsNull: false } scalar ? scalar : throw node.Error($"{what} must be a single value, not {node.Describe}");

    public static string Text(SpecNode node, string what) => Scalar(node, what).Value;

    public static bool Bool(SpecNode node, string what) => Text(node, what) switch
    {
        "true" => true,
        "false" => false,
        var other => throw node.Error($"{what} must be true or false, not '{other}'"),
    };

    public static int Int(SpecNode node, string what, int min = 0) =>
        int.TryParse(Text(node, what), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min
            ? value
            : throw node.Error($"{what} must be a whole number of at least {min}, not '{Text(node, what)}'");

    /// <summary>A list of scalars; a single scalar is a list of one (<c>copy: app.py</c>).</summary>
    public static IReadOnlyList<SpecScalar> ScalarList(SpecNode node, string what, bool allowSingle = true) => node switch
    {
        SpecSequence sequence => [.. sequence.Items.Select(i => Scalar(i, $"each item of {what}"))],
        SpecScalar { IsNull: false } scalar when allowSingle => [scalar],
        _ => throw node.Error($"{what} must be a list, not {node.Describe}"),
    };

    /// <summary>A mapping of names to scalar values, in the order written.</summary>
    public static IReadOnlyList<(SpecScalar Key, SpecScalar Value)> ScalarMap(SpecNode node, string what) =>
        node is SpecMapping mapping
            ? [.. mapping.Entries.Select(e => (e.Key, e.Value is SpecScalar { IsNull: true } empty
                ? empty with { Value = "", IsPlain = false }
                : Scalar(e.Value, $"the value of '{e.Key.Value}' in {what}")))]
            : throw node.Error($"{what} must be a mapping of names to values, not {node.Describe}");
}
