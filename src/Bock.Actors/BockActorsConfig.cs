using Akka.Configuration;

namespace Bock.Actors;

/// <summary>config/akka.hocon as embedded in this assembly: what bockd prepends (HoconAddMode.Prepend) and tests load.</summary>
public static class BockActorsConfig
{
    private static readonly Lazy<Config> Loaded = new(() =>
    {
        using var stream = typeof(BockActorsConfig).Assembly.GetManifestResourceStream("Bock.Actors.akka.hocon")
            ?? throw new InvalidOperationException("akka.hocon is not embedded in Bock.Actors");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    });

    public static Config Default => Loaded.Value;
}
