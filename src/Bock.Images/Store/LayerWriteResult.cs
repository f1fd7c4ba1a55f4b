using Bock.Images.Oci;

namespace Bock.Images.Store;

public sealed record LayerWriteResult(Descriptor Descriptor, string DiffId);
