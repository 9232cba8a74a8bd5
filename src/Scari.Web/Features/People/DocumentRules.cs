using System.Text;

namespace Scari.Web.Features.People;

/// <summary>
/// What a Colombian identity document number looks like, per type, in one table. Numbers are compared
/// and stored normalized (see <see cref="Normalize"/>), so "1.023.456.789" and "1023456789" are one person.
/// </summary>
public static class DocumentRules
{
    /// <param name="Name">Spanish name, as it reads after "El número de …".</param>
    /// <param name="DigitsOnly">True: only 0-9; false: letters A-Z and digits.</param>
    public sealed record Rule(DocumentType Type, string Name, bool DigitsOnly, int MinLength, int MaxLength);

    /// <summary>The rules, one row per type, in the order a form lists them.</summary>
    public static readonly IReadOnlyList<Rule> All =
    [
        new(DocumentType.CC, "cédula de ciudadanía", DigitsOnly: true, 3, 10),
        new(DocumentType.TI, "tarjeta de identidad", DigitsOnly: true, 10, 11),
        // Registro civil: the NUIP (10 or 11 digits) or an older serial, some with a letter.
        new(DocumentType.RC, "registro civil de nacimiento", DigitsOnly: false, 6, 11),
        // Cédula de extranjería: up to 10, mostly digits, some older ones alphanumeric.
        new(DocumentType.CE, "cédula de extranjería", DigitsOnly: false, 3, 10),
        new(DocumentType.PPT, "permiso por protección temporal", DigitsOnly: true, 5, 10),
        new(DocumentType.PEP, "permiso especial de permanencia", DigitsOnly: true, 9, 15),
        new(DocumentType.PA, "pasaporte", DigitsOnly: false, 5, 20),
    ];

    public static Rule For(DocumentType type) => All.First(r => r.Type == type);

    /// <summary>"CC · Cédula de ciudadanía", for selects.</summary>
    public static string Label(DocumentType type)
    {
        var name = For(type).Name;
        return $"{type} · {char.ToUpperInvariant(name[0])}{name[1..]}";
    }

    /// <summary>Trims, removes dots, spaces and dashes, and upper-cases: the stored form of every document number.</summary>
    public static string Normalize(string? number)
    {
        if (string.IsNullOrWhiteSpace(number)) return "";
        var sb = new StringBuilder(number.Length);
        foreach (var c in number.Trim())
        {
            if (c is '.' or '-' or ',' or '_' || char.IsWhiteSpace(c)) continue;
            sb.Append(char.ToUpperInvariant(c));
        }
        return sb.ToString();
    }

    /// <summary>Null when <paramref name="number"/> (normalized first) is a valid number of that type; else a Spanish message.</summary>
    public static string? Validate(DocumentType type, string? number)
    {
        if (!Enum.IsDefined(type)) return "Elija un tipo de documento de la lista.";
        var rule = For(type);
        var n = Normalize(number);
        if (n.Length == 0) return $"Escriba el número de {rule.Name}.";

        var charactersOk = rule.DigitsOnly ? n.All(char.IsAsciiDigit) : n.All(char.IsAsciiLetterOrDigit);
        if (!charactersOk || n.Length < rule.MinLength || n.Length > rule.MaxLength)
            return rule.DigitsOnly
                ? $"El número de {rule.Name} debe tener solo dígitos, entre {rule.MinLength} y {rule.MaxLength}."
                : $"El número de {rule.Name} debe tener solo letras sin tilde y dígitos, entre {rule.MinLength} y {rule.MaxLength}.";
        if (!rule.DigitsOnly && !n.Any(char.IsAsciiDigit))
            return $"El número de {rule.Name} debe tener al menos un dígito.";
        if (n.All(c => c == '0'))
            return $"El número de {rule.Name} no puede ser solo ceros.";
        return null;
    }

    /// <summary>Parses "CC", "cc", "Cédula"… loosely from a form or CSV; null when unknown.</summary>
    public static DocumentType? ParseType(string? text)
    {
        var t = text?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(t)) return null;
        return Enum.TryParse<DocumentType>(t, out var type) && Enum.IsDefined(type) ? type : null;
    }

    /// <summary>The message for the unique index on (type, number).</summary>
    public static string DuplicateMessage(DocumentType type, string number) =>
        $"Ya existe una persona registrada con {For(type).Name} número {Normalize(number)}. Si es usted, ingrese con su cuenta; si no, revise el número.";

    /// <summary>The user name of an account that signs in with a document: "TI-1023456789".</summary>
    public static string UserName(DocumentType type, string number) => $"{type}-{Normalize(number)}";
}
