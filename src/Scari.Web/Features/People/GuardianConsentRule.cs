using Scari.Web.Content;
using Scari.Web.Features.People.Import;
using Scari.Web.Features.Privacy;

namespace Scari.Web.Features.People;

/// <summary>
/// The one rule for a minor's guardian consent (Ley 1581 de 2012, art. 7; Decreto 1377 de 2013, art. 12), used by the
/// person form and the people import alike: when it is required, what makes it complete, and the consent record it
/// becomes. Relationship and method match their lists ignoring case and accents.
/// </summary>
public static class GuardianConsentRule
{
    public enum Field { Name, Relationship, Document, Method, Date }

    /// <summary>What the form or the file said; <see cref="Date"/> is null when empty or unreadable.</summary>
    public sealed record Input(string? Name, string? Relationship, string? Document, string? Method, DateOnly? Date, bool DateGiven);

    public sealed record Given(string Name, string Relationship, string Document, string Method, DateOnly Date);

    private const string Minor = "Es menor de 18 años: ";

    /// <summary>A student under 18 needs a guardian's consent on record.</summary>
    public static bool Required(Audience audience, DateOnly? birthDate, DateOnly today) =>
        audience == Audience.Student && birthDate is { } b && PersonRules.IsMinor(b, today);

    /// <summary>Whether any guardian field was filled (then all of them are checked).</summary>
    public static bool AnyGiven(Input i) =>
        !string.IsNullOrWhiteSpace(i.Name) || !string.IsNullOrWhiteSpace(i.Document) || !string.IsNullOrWhiteSpace(i.Method) || i.DateGiven;

    /// <summary>The consent if every field is right, else the problems by field (Spanish, ready to show).</summary>
    public static (Given? Consent, List<(Field Field, string Message)> Problems) Check(Input i, DateOnly today)
    {
        var problems = new List<(Field, string)>();
        var name = PersonRules.CleanName(i.Name);
        if (name.Length == 0) problems.Add((Field.Name, Minor + "escriba el nombre de la madre, el padre o el acudiente que autoriza."));
        else if (name.Length > 200) problems.Add((Field.Name, "El nombre del acudiente admite hasta 200 caracteres."));
        var relationship = Match(ConsentMethods.Relationships, i.Relationship);
        if (relationship is null) problems.Add((Field.Relationship, Minor + $"elija el parentesco de quien autoriza ({string.Join(", ", ConsentMethods.Relationships)})."));
        var document = DocumentRules.Normalize(i.Document);
        if (document.Length is < 3 or > 20 || !document.All(char.IsAsciiLetterOrDigit))
            problems.Add((Field.Document, Minor + "escriba el número de documento de quien autoriza (de 3 a 20 letras o dígitos)."));
        var method = Match(ConsentMethods.All, i.Method);
        if (method is null) problems.Add((Field.Method, Minor + $"elija cómo se dio la autorización ({string.Join(", ", ConsentMethods.All)})."));
        if (i.Date is not { } date)
            problems.Add((Field.Date, Minor + (i.DateGiven ? "la fecha de la autorización no es válida: escríbala como AAAA-MM-DD o DD/MM/AAAA." : "escriba la fecha de la autorización.")));
        else if (date > today) problems.Add((Field.Date, "La fecha de la autorización no puede ser posterior a hoy."));
        return problems.Count == 0 ? (new Given(name, relationship!, document, method!, i.Date!.Value), problems) : (null, problems);
    }

    /// <summary>The consent record: the day it was given (noon in Bogotá, or now if today); when it was recorded is in the audit log.</summary>
    public static Consent ToConsent(Person person, Given g, DateOnly today, DateTime now, string? actorUserId) => new()
    {
        Person = person,
        Kind = ConsentKind.GuardianConsent,
        TextVersion = PrivacyNotice.Version,
        GivenUtc = g.Date == today ? now : Bogota.StartOfDayUtc(g.Date).AddHours(12),
        GuardianName = g.Name,
        GuardianRelationship = g.Relationship,
        GuardianDocument = g.Document,
        Method = g.Method,
        RecordedByUserId = actorUserId,
    };

    private static string? Match(IReadOnlyList<string> options, string? value) =>
        value is null ? null : options.FirstOrDefault(o => ImportFile.Simplify(o) == ImportFile.Simplify(value));
}
