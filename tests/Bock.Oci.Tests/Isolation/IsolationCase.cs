using Bock.Kernel.Spec;
using Bock.Oci.Tests.Support;

namespace Bock.Oci.Tests.Isolation;

/// <summary>One row of the isolation table: a shell script run in a busybox container and what its result must show.</summary>
public sealed record IsolationCase(string Name, string Script, Action<CommandResult> Check, Func<RuntimeSpec, RuntimeSpec>? Customize = null);
