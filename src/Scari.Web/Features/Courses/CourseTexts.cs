using System.Globalization;
using System.Text;
using Scari.Web.Content;
using Scari.Web.Features.People;

namespace Scari.Web.Features.Courses;

/// <summary>How courses are described to people, and the catalogue search.</summary>
public static class CourseTexts
{
    public static string AudienceLabel(Audience? audience) => audience switch
    {
        Audience.Staff => "Servidores públicos",
        Audience.Student => "Estudiantes de colegios distritales",
        _ => "Servidores públicos y estudiantes",
    };

    public static string Minutes(int minutes) => minutes < 60
        ? $"{minutes} min"
        : $"{minutes / 60} h {(minutes % 60 > 0 ? $"{minutes % 60} min" : "")}".TrimEnd();

    /// <summary>A wait such as a quiz's cooldown: «30 segundos», «10 minutos», «2 horas», «1 día», «1 hora y 30 minutos».</summary>
    public static string Duration(TimeSpan span)
    {
        static string Part(int n, string one, string many) => $"{n} {(n == 1 ? one : many)}";
        var parts = new List<string>();
        if (span.Days > 0) parts.Add(Part(span.Days, "día", "días"));
        if (span.Hours > 0) parts.Add(Part(span.Hours, "hora", "horas"));
        if (span.Minutes > 0) parts.Add(Part(span.Minutes, "minuto", "minutos"));
        if (span.Seconds > 0 || parts.Count == 0) parts.Add(Part(span.Seconds, "segundo", "segundos"));
        return parts.Count == 1 ? parts[0] : string.Join(", ", parts[..^1]) + " y " + parts[^1];
    }

    /// <summary>The catalogue filter: audience (<c>servidores</c>, <c>estudiantes</c> or empty) and words in title or summary.</summary>
    public static IEnumerable<Course> Filter(IEnumerable<Course> courses, string? audience, string? query)
    {
        var words = Fold(query ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return courses.Where(c => ForAudience(c, audience) &&
            words.All(w => Fold(c.Title + " " + c.Summary).Contains(w, StringComparison.Ordinal)));
    }

    /// <summary>The catalogue's audience filter: <c>servidores</c>, <c>estudiantes</c>, or anything else for every course.</summary>
    public static bool ForAudience(Course course, string? audience)
    {
        Audience? wanted = audience switch { "servidores" => Audience.Staff, "estudiantes" => Audience.Student, _ => null };
        return wanted is null || course.Audience is null || course.Audience == wanted;
    }

    /// <summary>Lower case without accents, so «informacion» finds «Información».</summary>
    private static string Fold(string text)
    {
        var decomposed = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var ch in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(ch) != UnicodeCategory.NonSpacingMark) sb.Append(ch);
        return sb.ToString().Normalize(NormalizationForm.FormC);
    }
}
