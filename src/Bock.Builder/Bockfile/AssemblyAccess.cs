using System.Runtime.CompilerServices;

// The Bockfile's pieces (substitution, durations, the YAML reader) are internal and unit-tested on their own.
[assembly: InternalsVisibleTo("Bock.Builder.Tests")]
