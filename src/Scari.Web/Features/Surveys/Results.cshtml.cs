using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scari.Web.Features.Accounts;

namespace Scari.Web.Features.Surveys;

/// <summary>
/// /admin/encuestas: survey results per course, cohort and session, with exports. Administrators only: free-text
/// answers are never shown to coordinators or tutors.
/// </summary>
[Authorize(Roles = Roles.Administrador)]
public sealed class ResultsModel(SurveyResults results) : PageModel
{
    public List<SurveyCourseRow> Courses { get; private set; } = [];
    public SurveyCourseResults? Course { get; private set; }
    public SurveyKind Kind { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? curso, string? tipo, CancellationToken ct)
    {
        Kind = tipo == "impacto" ? SurveyKind.Impacto : SurveyKind.Reaccion;
        if (curso is null)
        {
            Courses = await results.CoursesAsync(ct);
            return Page();
        }
        Course = await results.CourseAsync(curso, Kind, ct);
        return Course is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnGetExportarAsync(string? curso, string? tipo, string? formato, string? tabla, CancellationToken ct)
    {
        Kind = tipo == "impacto" ? SurveyKind.Impacto : SurveyKind.Reaccion;
        if (curso is null || await results.CourseAsync(curso, Kind, ct) is not { } r) return NotFound();
        var (figures, comments) = SurveyResults.Tables(r);
        var name = $"encuesta-{(Kind == SurveyKind.Impacto ? "impacto" : "satisfaccion")}-{r.CourseId}";
        if (formato == "xlsx")
            return File(XlsxWriter.Write([figures, comments]), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx");
        var table = tabla == "comentarios" ? comments : figures;
        return File(Spreadsheet.WriteCsv([table.Headers, .. table.Rows]), "text/csv; charset=utf-8",
            name + (tabla == "comentarios" ? "-comentarios" : "") + ".csv");
    }

    public static string Count(int answers) => answers == 0 ? "ninguna" : answers < SurveyResults.MinAnswers ? "menos de 5" : answers.ToString("N0", Bogota.Culture);
}
