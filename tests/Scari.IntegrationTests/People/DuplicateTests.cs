using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scari.Testing;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.People;

namespace Scari.IntegrationTests.People;

/// <summary>
/// Probable duplicates: each reason found (and near misses not), scored, cut to a coordinator's scope, set aside as
/// «no es la misma persona»; the page and the API list the same pairs. On PostgreSQL and on SQLite.
/// </summary>
public abstract class DuplicateTests(IAppFixture fixture)
{
    private static readonly PeopleScope Everyone = new(true, null, null, null);
    private ScariAppFactory App => fixture.App;

    private Task<IReadOnlyList<DuplicatePair>> FindAsync(PeopleScope? scope = null) =>
        App.WithScopeAsync(sp => sp.GetRequiredService<DuplicateScan>().FindAsync(scope ?? Everyone, default));

    private static DuplicatePair? Pair(IReadOnlyList<DuplicatePair> pairs, int x, int y) =>
        pairs.FirstOrDefault(p => p.A.Id == Math.Min(x, y) && p.B.Id == Math.Max(x, y));

    private static bool Involves(IReadOnlyList<DuplicatePair> pairs, int id) => pairs.Any(p => p.A.Id == id || p.B.Id == id);

    private async Task<int> StudentAsync(string number, string given, string family, DocumentType type = DocumentType.TI,
        DateOnly? birth = null, string colegio = "IE001") =>
        await App.CreateStudentAsync(await App.ColegioIdAsync(colegio), number, given, family, type, birthDate: birth ?? new DateOnly(2007, 1, 1));

    [Fact]
    public async Task The_same_number_with_another_type_is_a_pair_scored_higher_when_the_names_match()
    {
        var ti = await StudentAsync("1043920001", "Camila", "Torres Ruiz", birth: new DateOnly(2007, 2, 1));
        var cc = await StudentAsync("1043920001", "CAMILA", "Torres  Ruíz", DocumentType.CC, birth: new DateOnly(2007, 2, 2));
        var other = await StudentAsync("1043920002", "Pedro", "Nada", birth: new DateOnly(2007, 2, 3));
        var otherCc = await StudentAsync("1043920002", "Luisa", "Otra", DocumentType.CC, birth: new DateOnly(2007, 2, 4));

        var pairs = await FindAsync();
        var same = Pair(pairs, ti, cc);
        Assert.NotNull(same);
        var reason = Assert.Single(same.Reasons);
        Assert.Equal(DuplicateReason.SameNumberOtherType, reason.Reason);
        Assert.Contains("Mismo número (1043920001)", reason.Description);
        Assert.Equal(90, same.Score);
        // The same number with different names is still listed (a renewal or a conflict), with a lower score.
        var differ = Pair(pairs, other, otherCc);
        Assert.NotNull(differ);
        Assert.Equal(60, differ.Score);
        Assert.True(pairs.ToList().IndexOf(same) < pairs.ToList().IndexOf(differ));
    }

    [Fact]
    public async Task Numbers_one_digit_apart_or_with_two_neighbouring_digits_swapped_pair_only_with_the_same_name()
    {
        var a = await StudentAsync("1043920012", "Juan Pablo", "Pérez", birth: new DateOnly(2008, 1, 1));
        var swapped = await StudentAsync("1043920021", "juan pablo", "PEREZ", birth: new DateOnly(2008, 1, 2));
        var changed = await StudentAsync("1043920013", "Pérez", "Juan Pablo", birth: new DateOnly(2008, 1, 3));
        var stranger = await StudentAsync("1043920014", "Otro", "Nombre", birth: new DateOnly(2008, 1, 4));
        var farther = await StudentAsync("1043920099", "Juan Pablo", "Pérez", birth: new DateOnly(2008, 1, 5));

        var pairs = await FindAsync();
        foreach (var (x, y) in new[] { (a, swapped), (a, changed) })
        {
            var pair = Pair(pairs, x, y);
            Assert.NotNull(pair);
            Assert.Equal(DuplicateReason.NumberOneEditApart, Assert.Single(pair.Reasons).Reason);
            Assert.Equal(70, pair.Score);
        }
        Assert.Null(Pair(pairs, a, stranger));        // one digit apart, another name
        Assert.Null(Pair(pairs, a, farther));         // the same name, two digits apart
        Assert.Null(Pair(pairs, swapped, changed));   // 1043920021 and 1043920013: two edits
        Assert.True(DuplicateScan.OneEditApart("1234", "1243"));
        Assert.True(DuplicateScan.OneEditApart("1234", "1284"));
        Assert.False(DuplicateScan.OneEditApart("1234", "4231"));
        Assert.False(DuplicateScan.OneEditApart("1234", "12345"));
    }

    [Fact]
    public async Task A_very_common_name_is_searched_by_deletion_neighbourhood_and_finds_the_same_one_edit_pairs()
    {
        // More records with one name than the pair-by-pair limit: numbers 1043921000, 1043921011, 1043921022, … (steps of 11:
        // no two one edit apart), plus one of them with a digit changed and one with two neighbouring digits swapped.
        var colegio = await App.ColegioIdAsync("IE001");
        var count = DuplicateScan.PairwiseNameBlock + 2;
        var ids = await App.WithDbAsync(async db =>
        {
            var people = Enumerable.Range(0, count).Select(i => new Person
            {
                DocumentType = DocumentType.CC, DocumentNumber = (1043921000 + 11 * i).ToString(System.Globalization.CultureInfo.InvariantCulture),
                GivenNames = i % 2 == 0 ? "Juan Carlos" : "JUAN CARLOS", FamilyNames = "Rodríguez Gómez", Audience = Audience.Student, ColegioId = colegio,
                Grade = "11", CreatedUtc = DateTime.UtcNow,
            }).ToList();
            people.Add(new Person { DocumentType = DocumentType.CC, DocumentNumber = "1043821011", GivenNames = "Gómez Rodríguez", FamilyNames = "Juan Carlos",
                Audience = Audience.Student, ColegioId = colegio, Grade = "11", CreatedUtc = DateTime.UtcNow });   // 1043921011 with a digit changed
            people.Add(new Person { DocumentType = DocumentType.CC, DocumentNumber = "1043912000", GivenNames = "juan carlos", FamilyNames = "rodriguez gomez",
                Audience = Audience.Student, ColegioId = colegio, Grade = "11", CreatedUtc = DateTime.UtcNow });   // 1043921000 with «21» swapped
            db.People.AddRange(people);
            await db.SaveChangesAsync();
            return people.ToDictionary(p => p.DocumentNumber, p => p.Id);
        });

        var pairs = (await FindAsync()).Where(p => p.Reasons.Any(r => r.Reason == DuplicateReason.NumberOneEditApart) && ids.ContainsKey(p.A.DocumentNumber)).ToList();
        Assert.Equal([(ids["1043921000"], ids["1043912000"]), (ids["1043921011"], ids["1043821011"])],
            pairs.Select(p => (p.A.Id, p.B.Id)).Order());
    }

    [Fact]
    public async Task The_same_normalized_name_and_birth_date_pair_whatever_the_accents_case_spaces_and_order()
    {
        var born = new DateOnly(2009, 5, 4);
        var first = await StudentAsync("1043920031", "María José", "Pérez Gómez", birth: born);
        var second = await StudentAsync("1043920555", "PEREZ  GOMEZ", "maria jose", birth: born);
        var otherDay = await StudentAsync("1043920777", "Maria Jose", "Perez Gomez", birth: born.AddDays(1));

        var pairs = await FindAsync();
        var pair = Pair(pairs, first, second);
        Assert.NotNull(pair);
        Assert.Equal(DuplicateReason.SameNameAndBirthDate, Assert.Single(pair.Reasons).Reason);
        Assert.Equal(75, pair.Score);
        Assert.Null(Pair(pairs, first, otherDay));
        Assert.Equal("gomez jose maria perez", await App.WithDbAsync(db => db.People.Where(p => p.Id == second).Select(p => p.NameKey).SingleAsync()));
    }

    [Fact]
    public async Task The_same_email_is_a_pair_and_several_reasons_raise_the_score()
    {
        var born = new DateOnly(2006, 7, 7);
        var x = await StudentAsync("1043920041", "Elena", "Correo", birth: born);
        var y = await StudentAsync("1043920778", "Elena", "Correo", DocumentType.CC, birth: new DateOnly(2006, 7, 8));
        var z = await StudentAsync("1043920042", "Elena", "Correo", DocumentType.CC, birth: born);
        await App.WithDbAsync(db => db.People.Where(p => p.Id == x || p.Id == y || p.Id == z)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Email, "elena.correo@colegio.test")));

        var pairs = await FindAsync();
        var byEmail = Pair(pairs, x, y);
        Assert.NotNull(byEmail);
        Assert.Equal(DuplicateReason.SameEmail, Assert.Single(byEmail.Reasons).Reason);
        Assert.Equal(50, byEmail.Score);
        // Same e-mail, same name and birth date, numbers one digit apart: all three reasons, one higher score.
        var strong = Pair(pairs, x, z);
        Assert.NotNull(strong);
        Assert.Equal([DuplicateReason.NumberOneEditApart, DuplicateReason.SameNameAndBirthDate, DuplicateReason.SameEmail], strong.Reasons.Select(r => r.Reason));
        Assert.Equal(DuplicateScan.Score([70, 75, 50]), strong.Score);
        Assert.True(strong.Score > 75 && strong.Score <= 100);
    }

    [Fact]
    public async Task A_coordinator_sees_only_pairs_with_both_halves_in_their_colegio_and_cannot_dismiss_others()
    {
        var mine = await App.ColegioIdAsync("IE001");
        var inside1 = await StudentAsync("1043920051", "Dentro", "Alcance");
        var inside2 = await StudentAsync("1043920051", "Dentro", "Alcance", DocumentType.CC);
        var otherCode = (await App.WithDbAsync(db => db.Colegios.Where(c => c.Id != mine).Select(c => c.Code).FirstAsync()));
        var outside = await StudentAsync("1043920052", "Mitad", "Fuera", colegio: otherCode);
        var half = await StudentAsync("1043920052", "Mitad", "Fuera", DocumentType.CC);

        var scope = new PeopleScope(false, mine, null, null);
        var seen = await FindAsync(scope);
        Assert.NotNull(Pair(seen, inside1, inside2));
        Assert.Null(Pair(seen, outside, half));
        Assert.All(seen, p => Assert.True(p.A.Unit == p.B.Unit));
        Assert.NotNull(Pair(await FindAsync(), outside, half));

        var refused = await App.WithScopeAsync(sp => sp.GetRequiredService<DuplicateScan>().DismissAsync(scope, outside, half, null, default));
        Assert.True(refused.NotFound);
        Assert.NotNull(Pair(await FindAsync(), outside, half));
    }

    [Fact]
    public async Task A_dismissed_pair_is_remembered_audited_and_no_longer_listed_on_the_page_or_the_API()
    {
        var first = await StudentAsync("1043920061", "Gemela", "Uno", birth: new DateOnly(2010, 10, 10));
        var second = await StudentAsync("1043920061", "Gemela", "Uno", DocumentType.RC, birth: new DateOnly(2010, 10, 11));

        using var admin = await AdminAsync("duplicados.admin@scari.test");
        var page = FormPosting.Parse(await admin.GetStringAsync("/admin/personas/duplicados"));
        Assert.Contains(page.QuerySelectorAll("table.duplicates tbody tr"), tr => tr.TextContent.Contains("RC 1043920061"));
        var listed = await ApiAsync(admin);
        Assert.Contains(listed, p => p.GetProperty("a").GetProperty("id").GetInt32() == first && p.GetProperty("b").GetProperty("id").GetInt32() == second
            && p.GetProperty("reasons")[0].GetProperty("code").GetString() == "same-number-other-type" && p.GetProperty("score").GetInt32() == 90);

        using var posted = await admin.PostFormAsync("/admin/personas/duplicados", new() { ["a"] = second.ToString(), ["b"] = first.ToString() },
            formAction: "/admin/personas/duplicados?handler=Descartar");
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var after = await admin.GetStringAsync("/admin/personas/duplicados");
        Assert.Contains("no es la misma persona", after);
        Assert.DoesNotContain("RC 1043920061", after);
        Assert.DoesNotContain(await ApiAsync(admin), p => p.GetProperty("a").GetProperty("id").GetInt32() == first && p.GetProperty("b").GetProperty("id").GetInt32() == second);
        Assert.Null(Pair(await FindAsync(), first, second));

        var dismissal = await App.WithDbAsync(db => db.DuplicateDismissals.SingleAsync(d => d.PersonAId == first));
        Assert.Equal(second, dismissal.PersonBId);
        Assert.NotNull(dismissal.DismissedByUserId);
        var entry = await App.WithDbAsync(db => db.AuditEntries.SingleAsync(e => e.Action == "person.duplicate-dismissed" && e.TargetId == first.ToString()));
        Assert.Contains("RC 1043920061", entry.Summary);

        var again = await App.WithScopeAsync(sp => sp.GetRequiredService<DuplicateScan>().DismissAsync(Everyone, first, second, null, default));
        Assert.Equal("Este par ya estaba marcado como «no es la misma persona».", again.Error);
        var itself = await App.WithScopeAsync(sp => sp.GetRequiredService<DuplicateScan>().DismissAsync(Everyone, first, first, null, default));
        Assert.Contains("sí misma", itself.Error);
    }

    [Fact]
    public async Task The_API_asks_for_a_staff_session_in_Spanish()
    {
        using var anonymous = App.CreateClient();
        using var response = await anonymous.GetAsync("/api/v1/personas/duplicados");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("inicie sesión", await response.Content.ReadAsStringAsync());

        await App.CreateUserAsync("duplicados.tutor@scari.test", Roles.Tutor);
        using var tutor = await App.SignedInClientAsync("duplicados.tutor@scari.test");
        using var forbidden = await tutor.GetAsync("/api/v1/personas/duplicados");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("Solo un administrador o un coordinador", await forbidden.Content.ReadAsStringAsync());
        using var pageForTutor = await tutor.GetAsync("/admin/personas/duplicados");
        Assert.NotEqual(HttpStatusCode.OK, pageForTutor.StatusCode);
    }

    private static async Task<List<JsonElement>> ApiAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/v1/personas/duplicados");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray()];
    }

    private async Task<HttpClient> AdminAsync(string email)
    {
        await App.CreateUserAsync(email, Roles.Administrador);
        return await App.SignedInClientAsync(email);
    }
}

public sealed class PostgresDuplicateTests(PostgresApp app) : DuplicateTests(app), IClassFixture<PostgresApp>;

public sealed class SqliteDuplicateTests(SqliteApp app) : DuplicateTests(app), IClassFixture<SqliteApp>;
