using System.Globalization;

namespace Bock.Api;

/// <summary>
/// Docker's wording of a duration (go-units HumanDuration), shared by bockd's container Status ("Up 5 seconds",
/// "Exited (0) About a minute ago") and the CLI's ages ("3 minutes ago"), so both read as Docker's do: whole seconds
/// truncated, hours rounded to the nearest ("About an hour" up to 1 h 30 min, then "2 hours").
/// </summary>
public static class HumanDuration
{
    public static string Of(TimeSpan duration)
    {
        var seconds = (long)duration.TotalSeconds;
        if (seconds < 1) return "Less than a second";
        if (seconds == 1) return "1 second";
        if (seconds < 60) return Count(seconds, "seconds");
        var minutes = (long)duration.TotalMinutes;
        if (minutes == 1) return "About a minute";
        if (minutes < 60) return Count(minutes, "minutes");
        var hours = (long)(duration.TotalHours + 0.5);
        if (hours == 1) return "About an hour";
        if (hours < 48) return Count(hours, "hours");
        if (hours < 24 * 7 * 2) return Count(hours / 24, "days");
        if (hours < 24 * 30 * 2) return Count(hours / 24 / 7, "weeks");
        if (hours < 24 * 365 * 2) return Count(hours / 24 / 30, "months");
        return Count((long)duration.TotalHours / 24 / 365, "years");
    }

    private static string Count(long n, string unit) => n.ToString(CultureInfo.InvariantCulture) + " " + unit;
}
