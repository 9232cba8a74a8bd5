using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;

namespace Scari.Web.Features.People;

[Authorize(Roles = "Administrador,Coordinador")]
public sealed class PeopleModel(ScariDbContext db) : PageModel
{
    public const int PageSize = 25;

    public sealed record Row(int Id, string FullName, DocumentType DocumentType, string DocumentNumber, Audience Audience, string? Unit, string? Grade);

    [BindProperty(SupportsGet = true, Name = "q")] public string? Query { get; set; }
    [BindProperty(SupportsGet = true, Name = "tipo")] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true, Name = "pagina")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public PeopleScope Scope { get; private set; } = PeopleScope.Nobody;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Scope = await PeopleScope.ForAsync(db, User, ct);
        var people = db.People.AsNoTracking().VisibleTo(Scope).Where(p => p.AnonymizedUtc == null);
        if (Kind == "estudiantes") people = people.Where(p => p.Audience == Audience.Student);
        else if (Kind == "funcionarios") people = people.Where(p => p.Audience == Audience.Staff);
        var q = (Query ?? "").Trim();
        if (q.Length > 0)
        {
            var number = DocumentRules.Normalize(q);
            var words = q.ToLower().Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(5).ToList();
            var byName = people;
            foreach (var word in words)
                byName = byName.Where(p => (p.GivenNames + " " + p.FamilyNames).ToLower().Contains(word));
            people = number.Length >= 3 && number.Any(char.IsAsciiDigit)
                ? people.Where(p => p.DocumentNumber.StartsWith(number))
                : byName;
        }
        Total = await people.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, Pages);
        Rows = await people.OrderBy(p => p.FamilyNames).ThenBy(p => p.GivenNames).ThenBy(p => p.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(p => new Row(p.Id, p.GivenNames + " " + p.FamilyNames, p.DocumentType, p.DocumentNumber, p.Audience,
                p.Audience == Audience.Student ? p.Colegio!.Name : p.Dependencia!.Name, p.Grade))
            .ToListAsync(ct);
    }

    public string PageUrl(int page) =>
        $"/admin/personas?q={Uri.EscapeDataString(Query ?? "")}&tipo={Uri.EscapeDataString(Kind ?? "")}&pagina={page}";
}
