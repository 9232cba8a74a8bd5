namespace Scari.Web.Features.People;

/// <summary>What a staff form says about a person. Bound as strings and checked by <see cref="PersonEditor"/> with Spanish messages.</summary>
public sealed class PersonInput
{
    public DocumentType DocumentType { get; set; } = DocumentType.CC;
    public string? DocumentNumber { get; set; }
    public string? GivenNames { get; set; }
    public string? FamilyNames { get; set; }
    public string? Email { get; set; }

    // Staff
    public int? DependenciaId { get; set; }
    public Vinculo? Vinculo { get; set; }
    public string? Cargo { get; set; }

    // Student
    public int? ColegioId { get; set; }
    public string? Grade { get; set; }
    public DateOnly? BirthDate { get; set; }

    // Guardian consent, required for a minor
    public string? GuardianName { get; set; }
    public string? GuardianRelationship { get; set; }
    public string? GuardianDocument { get; set; }
    public string? ConsentMethod { get; set; }
    public DateOnly? ConsentDate { get; set; }

    public static PersonInput From(Person p) => new()
    {
        DocumentType = p.DocumentType,
        DocumentNumber = p.DocumentNumber,
        GivenNames = p.GivenNames,
        FamilyNames = p.FamilyNames,
        Email = p.Email,
        DependenciaId = p.DependenciaId,
        Vinculo = p.Vinculo,
        Cargo = p.Cargo,
        ColegioId = p.ColegioId,
        Grade = p.Grade,
        BirthDate = p.BirthDate,
    };
}

/// <summary>The ways a guardian's consent is usually collected; the form offers them as a list.</summary>
public static class ConsentMethods
{
    public static readonly IReadOnlyList<string> All =
        ["Formulario firmado", "Verbal ante el coordinador", "Correo electrónico del acudiente", "Matrícula del colegio"];

    public static readonly IReadOnlyList<string> Relationships = ["Madre", "Padre", "Tutor legal", "Acudiente"];
}
