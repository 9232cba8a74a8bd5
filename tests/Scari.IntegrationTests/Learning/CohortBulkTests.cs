using Microsoft.EntityFrameworkCore;
using Scari.Testing;
using Scari.Web.Features.Enrollment;
using Scari.Web.Features.People;

namespace Scari.IntegrationTests.Learning;

public sealed class CohortBulkTests(JourneyApp fixture) : CohortBulkTestsOn<JourneyApp>(fixture);

public sealed class SqliteCohortBulkTests(SqliteJourneyApp fixture) : CohortBulkTestsOn<SqliteJourneyApp>(fixture);

/// <summary>Adding a class to a cohort costs the same few queries for 3 people as for 150, in one transaction.</summary>
public abstract class CohortBulkTestsOn<TApp>(TApp fixture) : IClassFixture<TApp> where TApp : class, IAppFixture
{
    private ScariAppFactory App => fixture.App;

    [Fact]
    public async Task Adding_150_members_runs_as_many_database_commands_as_adding_3_and_keeps_every_rule()
    {
        var colegio = await App.ColegioAsync();
        var course = await App.CourseAsync(JourneyData.Unique("curso-masivo"), Audience.Student);
        var small = await CohortAsync(course.CourseId);
        var large = await CohortAsync(course.CourseId);
        var other = await CohortAsync(course.CourseId);

        var smallClass = await PeopleAsync(3, colegio);
        var largeClass = await PeopleAsync(150, colegio);
        // Already enrolled outside a cohort: joins with the same enrollment. In another cohort: refused by name.
        var selfEnrolled = largeClass[0];
        var selfEnrollment = (await App.WithAsync<EnrollOutcome, EnrollPerson>(e => e.SelfAsync(selfEnrolled, course.CourseId, default))).EnrollmentId;
        var inOther = largeClass[1];
        Assert.Equal(1, (await App.WithAsync<MembersAdded, Cohorts>(c => c.AddMembersAsync(JourneyData.Admin, other, [inOther], default))).Added);
        var staffMember = await App.PersonAsync(Audience.Staff);

        var (smallResult, smallSql) = await SqlWrites.RecordAsync(() =>
            App.WithAsync<MembersAdded, Cohorts>(c => c.AddMembersAsync(JourneyData.Admin, small, smallClass, default)));
        var (largeResult, largeSql) = await SqlWrites.RecordAsync(() =>
            App.WithAsync<MembersAdded, Cohorts>(c => c.AddMembersAsync(JourneyData.Admin, large, [.. largeClass, staffMember], default)));
        var (smallCommands, largeCommands) = (smallSql.Commands, largeSql.Commands);

        Assert.Equal((3, 0), (smallResult.Added, smallResult.Problems.Count));
        Assert.Equal(149, largeResult.Added);
        Assert.Equal(2, largeResult.Problems.Count);
        Assert.Contains(largeResult.Problems, p => p.Contains("ya está inscrito en este curso con otra cohorte", StringComparison.Ordinal));
        Assert.Contains(largeResult.Problems, p => p.Contains("no admite inscripciones de servidores públicos", StringComparison.Ordinal));
        // PostgreSQL gets each SaveChanges as one batch; SQLite runs in-process and EF sends it one statement at a time.
        if (await App.WithDbAsync(db => Task.FromResult(db.Database.ProviderName!.Contains("Npgsql", StringComparison.Ordinal))))
            Assert.True(largeCommands <= smallCommands + 1,
                $"agregar 150 personas ejecutó {largeCommands} órdenes SQL y agregar 3, {smallCommands}: el costo no debe crecer con el número de personas");

        var members = await App.WithDbAsync(db => db.Enrollments.Where(e => e.CohortId == large).Select(e => new { e.Id, e.PersonId }).ToListAsync());
        Assert.Equal(149, members.Count);
        Assert.Contains(members, m => m.Id == selfEnrollment);
        Assert.DoesNotContain(members, m => m.PersonId == inOther || m.PersonId == staffMember);
        var created = await App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "enrollment.created" && a.Summary!.EndsWith($", cohorte {large}")));
        Assert.Equal(148, created);
        var joined = selfEnrolled.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(1, await App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "cohort.member_added" && a.TargetId == joined)));

        // Adding the same class again changes nothing and says nothing is missing.
        var again = await App.WithAsync<MembersAdded, Cohorts>(c => c.AddMembersAsync(JourneyData.Admin, large, largeClass.Skip(2).ToList(), default));
        Assert.Equal((0, 0), (again.Added, again.Problems.Count));
        Assert.Equal(149, await App.WithDbAsync(db => db.Enrollments.CountAsync(e => e.CohortId == large)));
    }

    private Task<int> CohortAsync(string courseId) =>
        App.WithAsync<CohortCreated, Cohorts>(c => c.CreateAsync(JourneyData.Admin,
            new CohortDraft(JourneyData.Unique("Cohorte masiva"), courseId, new DateOnly(2026, 2, 1), new DateOnly(2026, 11, 30), null, null, null),
            default)).ContinueWith(t => t.Result.CohortId!.Value, TaskScheduler.Default);

    private async Task<List<int>> PeopleAsync(int count, int colegio)
    {
        var ids = new List<int>();
        for (var i = 0; i < count; i++) ids.Add(await App.PersonAsync(Audience.Student, colegioId: colegio));
        return ids;
    }
}
