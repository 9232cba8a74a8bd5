using System.Globalization;

namespace Scari.Web;

/// <summary>Times are stored in UTC and shown in Colombia's time (America/Bogota, UTC−5, no daylight saving).</summary>
public static class Bogota
{
    /// <summary>Bogotá's fixed offset from UTC, for SQL that must shift times itself (queries cannot use TimeZoneInfo).</summary>
    public const int UtcOffsetHours = -5;

    public static readonly TimeZoneInfo Zone = FindZone();
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("es-CO");

    public static DateTime ToLocal(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(ToLocal(clock.GetUtcNow().UtcDateTime));

    /// <summary>The UTC instant at which a Bogotá calendar day ends (exclusive): for "on or before D" cut-offs.</summary>
    public static DateTime EndOfDayUtc(DateOnly day) =>
        TimeZoneInfo.ConvertTimeToUtc(day.AddDays(1).ToDateTime(TimeOnly.MinValue), Zone);

    public static DateTime StartOfDayUtc(DateOnly day) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), Zone);

    public static string Format(DateTime utc) => ToLocal(utc).ToString("d 'de' MMMM 'de' yyyy, h:mm tt", Culture);

    public static string FormatDate(DateOnly date) => date.ToString("d 'de' MMMM 'de' yyyy", Culture);

    private static TimeZoneInfo FindZone()
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById("America/Bogota"); }
        catch (TimeZoneNotFoundException) { return TimeZoneInfo.CreateCustomTimeZone("America/Bogota", TimeSpan.FromHours(UtcOffsetHours), "Bogotá", "COT"); }
    }
}
