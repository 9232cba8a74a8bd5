using System.Globalization;
using System.Net.Mail;

namespace Scari.Web.Features.People;

/// <summary>Checks of a person's other fields, with Spanish messages (null when valid). Shared by forms and CSV import.</summary>
public static class PersonRules
{
    public const int AdultAge = 18;

    /// <summary>Grades of Colombian schools: 0 is transición, 1 to 11 primaria, básica secundaria and media.</summary>
    public static readonly IReadOnlyList<string> Grades = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"];

    public static string GradeLabel(string? grade) => grade switch
    {
        null or "" => "",
        "0" => "Transición",
        _ => $"{grade}°",
    };

    /// <summary>Collapses repeated spaces and trims: "  ana   maría " becomes "ana maría".</summary>
    public static string CleanName(string? name) =>
        string.Join(' ', (name ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <param name="field">"nombres" or "apellidos".</param>
    public static string? ValidateName(string? value, string field)
    {
        var name = CleanName(value);
        if (name.Length == 0) return $"Escriba los {field}.";
        if (name.Length > 100) return $"Los {field} admiten hasta 100 caracteres.";
        if (!name.All(c => char.IsLetter(c) || c is ' ' or '\'' or '-' or '.' or '’'))
            return $"Los {field} solo pueden tener letras, espacios, apóstrofos, guiones y puntos.";
        if (!name.Any(char.IsLetter)) return $"Los {field} deben tener al menos una letra.";
        return null;
    }

    public static string NormalizeEmail(string? email) => (email ?? "").Trim().ToLowerInvariant();

    public static string? ValidateEmail(string? email, bool required)
    {
        var e = NormalizeEmail(email);
        if (e.Length == 0) return required ? "Escriba el correo electrónico." : null;
        if (e.Length > 256) return "El correo electrónico admite hasta 256 caracteres.";
        var at = e.IndexOf('@');
        if (at <= 0 || at != e.LastIndexOf('@') || !e[(at + 1)..].Contains('.') || e.EndsWith('.') || e.Any(char.IsWhiteSpace)
            || !MailAddress.TryCreate(e, out var parsed) || parsed.Address != e)
            return $"El correo electrónico «{e}» no es válido: escríbalo como nombre@dominio.gov.co.";
        return null;
    }

    public static string? NormalizeGrade(string? grade)
    {
        var g = (grade ?? "").Trim().TrimEnd('°', 'º').Trim();
        if (g.Equals("transición", StringComparison.OrdinalIgnoreCase) || g.Equals("transicion", StringComparison.OrdinalIgnoreCase)) return "0";
        return int.TryParse(g, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n.ToString(CultureInfo.InvariantCulture) : g;
    }

    public static string? ValidateGrade(string? grade)
    {
        var g = NormalizeGrade(grade);
        if (string.IsNullOrEmpty(g)) return "Elija el grado.";
        return Grades.Contains(g) ? null : "El grado debe ser Transición o un número de 1 a 11.";
    }

    /// <summary>A plausible student's birth date: between 3 and 100 years before <paramref name="today"/>.</summary>
    public static string? ValidateBirthDate(DateOnly? birthDate, DateOnly today)
    {
        if (birthDate is not { } b) return "Escriba la fecha de nacimiento.";
        if (b > today) return "La fecha de nacimiento no puede ser posterior a hoy.";
        var age = AgeOn(b, today);
        if (age < 3) return "La fecha de nacimiento indica menos de 3 años: revise el año.";
        if (age > 100) return "La fecha de nacimiento indica más de 100 años: revise el año.";
        return null;
    }

    public static int AgeOn(DateOnly birthDate, DateOnly today)
    {
        var age = today.Year - birthDate.Year;
        if (today < birthDate.AddYears(age)) age--;
        return age;
    }

    /// <summary>Under 18 on <paramref name="today"/> (Bogotá's date).</summary>
    public static bool IsMinor(DateOnly birthDate, DateOnly today) => AgeOn(birthDate, today) < AdultAge;

    public static string? ValidateCargo(string? cargo)
    {
        var c = (cargo ?? "").Trim();
        if (c.Length == 0) return "Escriba el cargo o el objeto del contrato.";
        return c.Length > 150 ? "El cargo admite hasta 150 caracteres." : null;
    }
}
