namespace Scari.Web.Features.People.Import;

/// <summary>A course a row enrolls in: its current version and audience.</summary>
internal sealed record ImportCourse(int VersionId, string CourseId, Audience? Audience);

/// <summary>One row of a people import, read and checked.</summary>
internal sealed class ImportRow
{
    public int Number { get; init; }
    public DocumentType DocumentType { get; set; }
    public string DocumentNumber { get; set; } = "";
    public string GivenNames { get; set; } = "";
    public string FamilyNames { get; set; } = "";
    public Audience Audience { get; set; }
    public string? Email { get; set; }
    public int? DependenciaId { get; set; }
    public Vinculo? Vinculo { get; set; }
    public string? Cargo { get; set; }
    public int? ColegioId { get; set; }
    public DateOnly? ValidFrom { get; set; }
    public string? Grade { get; set; }
    public DateOnly? BirthDate { get; set; }
    public int? CohortId { get; set; }
    public ImportCourse? Course { get; set; }
    /// <summary>The guardian's consent, when the columns were filled and right.</summary>
    public GuardianConsentRule.Given? Guardian { get; set; }
    /// <summary>Guardian columns were filled (even if some were wrong: those problems are already listed).</summary>
    public bool GuardianReported { get; set; }
}
