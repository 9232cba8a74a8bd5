using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Learning;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Enrollment;
using Scari.Web.Features.Shared;
using Scari.Web.Features.Privacy;

namespace Scari.Web.Features.People;

[Authorize(Roles = "Administrador,Coordinador")]
public sealed class PersonDetailModel(ScariDbContext db, SignInSlips slips, TimeProvider clock,
    Learning.CourseOutlines outlines) : PageModel
{
    public sealed record View(int Id, DocumentType DocumentType, string DocumentNumber, string FullName, string? Email, Audience Audience,
        string? Dependencia, Vinculo? Vinculo, string? Cargo, string? Colegio, string? Grade, DateOnly? BirthDate, DateTime CreatedUtc);

    public sealed record AccountView(string UserName, bool HasPassword, DateTime? LockedUntilUtc, int OpenCodes, IReadOnlyList<string> Roles);

    public sealed record CertificateView(string Code, string CourseTitle, DateOnly CompletedOn, DateTime? RevokedUtc);

    /// <summary>A completion of the person: what counts for the indicators, with its origin and whether it was voided.</summary>
    public sealed record CompletionView(int Id, string CourseTitle, DateTime CompletedUtc, Learning.CompletionSource Source, int Hours,
        DateTime? VoidedUtc, string? VoidReason, bool Duplicate, string? ImportFile, DateTime? ImportedUtc, string? ExternalCertificate);

    [FromRoute] public int Id { get; set; }
    [BindProperty(SupportsGet = true, Name = "pagina")] public int EnrollmentPage { get; set; } = 1;
    public View Person { get; private set; } = null!;
    public AccountView? Account { get; private set; }
    public IReadOnlyList<Consent> Consents { get; private set; } = [];
    public Paged<Enrollment.EnrollmentRow> Enrollments { get; private set; } = new([], 0, 1, Paging.PageSize);
    public IReadOnlyList<CertificateView> Certificates { get; private set; } = [];
    public IReadOnlyList<CompletionView> Completions { get; private set; } = [];
    /// <summary>Documents replaced, newest first.</summary>
    public IReadOnlyList<PersonDocument> FormerDocuments { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var scope = HttpContext.Account().People;
        var person = await db.People.AsNoTracking().VisibleTo(scope).Where(p => p.Id == Id)
            .Select(p => new View(p.Id, p.DocumentType, p.DocumentNumber, p.GivenNames + " " + p.FamilyNames, p.Email, p.Audience,
                p.Dependencia!.Name, p.Vinculo, p.Cargo, p.Colegio!.Name, p.Grade, p.BirthDate, p.CreatedUtc))
            .FirstOrDefaultAsync(ct);
        if (person is null) return NotFound();
        Person = person;
        var now = clock.GetUtcNow().UtcDateTime;
        var account = await db.Users.AsNoTracking().Where(u => u.PersonId == Id)
            .Select(u => new
            {
                u.Id,
                u.UserName,
                HasPassword = u.PasswordHash != null,
                u.LockoutEnd,
                OpenCodes = db.SignInCodes.Count(c => c.UserId == u.Id && c.UsedUtc == null && c.ExpiresUtc > now),
                Roles = db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name!).ToList(),
            })
            .FirstOrDefaultAsync(ct);
        if (account is not null)
            Account = new AccountView(account.UserName!, account.HasPassword,
                account.LockoutEnd is { } end && end.UtcDateTime > now ? end.UtcDateTime : null, account.OpenCodes, account.Roles);
        FormerDocuments = await db.PersonDocuments.AsNoTracking().Where(d => d.PersonId == Id)
            .OrderByDescending(d => d.ChangedOn).ThenByDescending(d => d.Id).ToListAsync(ct);
        Consents = await db.Consents.AsNoTracking().Where(c => c.PersonId == Id).OrderBy(c => c.GivenUtc).ToListAsync(ct);
        // The person is in scope (checked above): all their enrollments and certificates are too.
        Enrollments = await db.Enrollments.Where(e => e.PersonId == Id).PageAsync(db, outlines, EnrollmentPage, ct);
        Certificates = await db.Certificates.AsNoTracking().Where(c => c.PersonId == Id)
            .OrderByDescending(c => c.IssuedUtc).ThenByDescending(c => c.Id)
            .Select(c => new CertificateView(c.Code, c.CourseTitle, c.CompletedOn, c.RevokedUtc))
            .ToListAsync(ct);
        Completions = await db.Completions.AsNoTracking().Where(c => c.PersonId == Id)
            .OrderByDescending(c => c.CompletedUtc).ThenByDescending(c => c.Id)
            .Titled(db).Select(t => new CompletionView(t.Completion.Id,
                t.Title,
                t.Completion.CompletedUtc, t.Completion.Source, t.Completion.Hours, t.Completion.VoidedUtc, t.Completion.VoidReason, t.Completion.DuplicateOfCompletionId != null,
                db.Set<Indicators.CompletionImport>().Where(i => i.Id == t.Completion.ImportId).Select(i => i.FileName).FirstOrDefault(),
                db.Set<Indicators.CompletionImport>().Where(i => i.Id == t.Completion.ImportId).Select(i => i.ImportedUtc).FirstOrDefault(),
                t.Completion.ExternalCertificate))
            .ToListAsync(ct);
        return Page();
    }

    /// <summary>Issues a new one-time code and returns the printable slip (PDF).</summary>
    public async Task<IActionResult> OnPostCodeAsync(CancellationToken ct)
    {
        var scope = HttpContext.Account().People;
        var actor = User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        var result = await slips.IssueAsync(scope, [Id], HttpContext.Links().BaseUrl, actor, ct);
        if (result is not { } r) return NotFound();
        return File(r.Pdf, "application/pdf", $"codigo-ingreso-{Id}.pdf");
    }

    public string EnrollmentPageUrl(int page) => Paging.WithParameter($"/admin/personas/{Id}", [], "pagina", page);

    public bool CanIssueCode => Person.Audience == Audience.Student
        && (Account is null || Account.Roles.All(r => r == Roles.Aprendiz));
}
