namespace Bock.Images.Oci;

/// <summary>The <c>{}</c> value of a set encoded as a JSON object (ExposedPorts, Volumes).</summary>
public sealed record EmptyObject;
