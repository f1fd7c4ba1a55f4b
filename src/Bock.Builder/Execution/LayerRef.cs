using Bock.Images.Oci;

namespace Bock.Builder.Execution;

/// <summary>One layer of a stage: its blob in the store, its diff id, and the chain id of its snapshot.</summary>
public sealed record LayerRef(string DiffId, Descriptor Blob, string ChainId);
