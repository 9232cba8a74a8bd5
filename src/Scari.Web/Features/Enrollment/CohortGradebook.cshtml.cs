using Scari.Web.Features.Accounts;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Content;
using Scari.Web.Data;
using Scari.Web.Features.Indicators;

namespace Scari.Web.Features.Enrollment;

/// <summary>
/// The gradebook of a cohort: its learners × the course's evaluations, with the best score, the submitted attempts and
/// the date of the last one; CSV and XLSX. Administrators see every member, a coordinator the members in their colegio
/// or dependencia, the cohort's tutor all its members.
/// </summary>
[Authorize(Policy = "Staff")]
public sealed class CohortGradebookModel(ScariDbContext db, CourseCatalog catalog) : PageModel
{
    public sealed record Evaluation(string Id, string Title);
    public sealed record Cell(int Best, bool Passed, int Attempts, DateTime LastUtc);
    public sealed record Row(int EnrollmentId, string Name, string Document, bool Withdrawn, IReadOnlyList<Cell?> Cells);

    public int CohortId { get; private set; }
    public string CohortName { get; private set; } = "";
    public string CourseTitle { get; private set; } = "";
    public IReadOnlyList<Evaluation> Evaluations { get; private set; } = [];
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) =>
        await LoadAsync(id, ct) is { } problem ? problem : Page();

    public async Task<IActionResult> OnGetCsvAsync(int id, CancellationToken ct) =>
        await LoadAsync(id, ct) ?? File(IndicatorExports.Csv(Table()), "text/csv; charset=utf-8", FileName("csv"));

    public async Task<IActionResult> OnGetXlsxAsync(int id, CancellationToken ct) =>
        await LoadAsync(id, ct) ?? File(IndicatorExports.Xlsx([Table()]), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", FileName("xlsx"));

    private string FileName(string extension) => $"calificaciones-cohorte-{CohortId}.{extension}";

    /// <summary>Null when the page can be shown; else the result to return (403 or 404).</summary>
    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var viewer = HttpContext.Account();
        if (!viewer.IsSignedIn) return Forbid();
        var cohort = await db.Cohorts.VisibleTo(viewer).AsNoTracking().Where(c => c.Id == id)
            .Select(c => new { c.Id, c.Name, c.CourseId }).SingleOrDefaultAsync(ct);
        if (cohort is null) return NotFound();
        (CohortId, CohortName) = (cohort.Id, cohort.Name);
        var course = catalog.Find(cohort.CourseId);
        CourseTitle = course?.Title ?? cohort.CourseId;

        var members = db.Enrollments.VisibleTo(viewer).Where(e => e.CohortId == id);
        var people = await members.AsNoTracking()
            .OrderBy(e => e.Person.FamilyNames).ThenBy(e => e.Person.GivenNames).ThenBy(e => e.Id)
            .Select(e => new { e.Id, Name = e.Person.FamilyNames + ", " + e.Person.GivenNames, e.Person.DocumentType, e.Person.DocumentNumber, e.WithdrawnUtc })
            .ToListAsync(ct);
        // Counted in SQL: one row per (enrollment, evaluation) with submitted attempts.
        var grades = await db.QuizAttempts.AsNoTracking()
            .Where(a => a.SubmittedUtc != null && members.Any(e => e.Id == a.EnrollmentId))
            .GroupBy(a => new { a.EnrollmentId, a.QuizId })
            .Select(g => new { g.Key.EnrollmentId, g.Key.QuizId, Best = g.Max(a => a.Score), Passed = g.Max(a => a.Passed ? 1 : 0), Attempts = g.Count(), Last = g.Max(a => a.SubmittedUtc) })
            .ToListAsync(ct);

        var evaluations = course?.Quizzes.Select(q => new Evaluation(q.Id, q.Title)).ToList() ?? [];
        foreach (var quizId in grades.Select(g => g.QuizId).Distinct().Order(StringComparer.Ordinal).Where(q => evaluations.All(e => e.Id != q)))
            evaluations.Add(new Evaluation(quizId, quizId)); // an evaluation of an earlier version of the course
        Evaluations = evaluations;
        var byCell = grades.ToDictionary(g => (g.EnrollmentId, g.QuizId));
        Rows = people.Select(p => new Row(p.Id, p.Name, $"{p.DocumentType} {p.DocumentNumber}", p.WithdrawnUtc is not null,
            evaluations.Select(e => byCell.TryGetValue((p.Id, e.Id), out var g) ? new Cell(g.Best, g.Passed == 1, g.Attempts, g.Last!.Value) : null).ToList())).ToList();
        return null;
    }

    private ExportTable Table()
    {
        var headers = new List<string> { "Persona", "Documento", "Estado" };
        foreach (var e in Evaluations) headers.AddRange([$"{e.Title}: mejor puntaje", $"{e.Title}: intentos", $"{e.Title}: último intento"]);
        return new ExportTable("Calificaciones", headers, [.. Rows.Select(r =>
        {
            var cells = new List<object?> { r.Name, r.Document, r.Withdrawn ? "Retirada" : "Activa" };
            foreach (var c in r.Cells)
                cells.AddRange(c is null ? ["", 0, ""] : [c.Best, c.Attempts, Bogota.ToLocal(c.LastUtc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)]);
            return (IReadOnlyList<object?>)cells;
        })]);
    }
}
