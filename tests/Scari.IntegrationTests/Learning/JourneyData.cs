using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Scari.Testing;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Courses;
using Scari.Web.Features.Enrollment;
using Scari.Web.Features.People;

namespace Scari.IntegrationTests.Learning;

/// <summary>Rows the journey tests need, written straight to the database: people, course versions, accounts.</summary>
public static class JourneyData
{
    private static int _sequence = 1000;

    public static string Unique(string prefix) => $"{prefix}-{Interlocked.Increment(ref _sequence)}";

    public static string Outline(params (string Id, bool Quiz)[] items) => JsonSerializer.Serialize(new
    {
        modules = new[]
        {
            new { id = "m1", title = "Módulo 1", items = items.Select(i => new { id = i.Id, title = i.Id, type = i.Quiz ? "quiz" : "lesson" }).ToArray() },
        },
    });

    public static Task<CourseVersion> CourseAsync(this ScariAppFactory app, string courseId, Audience? audience = null,
        string? outlineJson = null, int hours = 12) =>
        app.WithDbAsync(async db =>
        {
            var version = new CourseVersion
            {
                CourseId = courseId, Version = "1", ContentHash = Guid.NewGuid().ToString("N"), Title = $"Curso {courseId}",
                Audience = audience, Hours = hours, PassScore = 70, IsCurrent = true, LoadedUtc = DateTime.UtcNow,
                OutlineJson = outlineJson ?? Outline(("l1", false), ("l2", false), ("q1", true)),
            };
            db.CourseVersions.Add(version);
            await db.SaveChangesAsync();
            return version;
        });

    public static Task<int> ColegioAsync(this ScariAppFactory app) => app.WithDbAsync(async db =>
    {
        var c = new Colegio { Code = Unique("COL"), Name = Unique("Colegio"), Localidad = "Centro" };
        db.Colegios.Add(c);
        await db.SaveChangesAsync();
        return c.Id;
    });

    public static Task<int> DependenciaAsync(this ScariAppFactory app) => app.WithDbAsync(async db =>
    {
        var d = new Dependencia { Code = Unique("DEP"), Name = Unique("Secretaría") };
        db.Dependencias.Add(d);
        await db.SaveChangesAsync();
        return d.Id;
    });

    public static Task<int> PersonAsync(this ScariAppFactory app, Audience audience = Audience.Staff, int? colegioId = null, int? dependenciaId = null,
        string? givenNames = null) =>
        app.WithDbAsync(async db =>
        {
            var p = new Person
            {
                DocumentType = audience == Audience.Staff ? DocumentType.CC : DocumentType.TI,
                DocumentNumber = (Interlocked.Increment(ref _sequence) + 10_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture),
                GivenNames = givenNames ?? Unique("Ana"), FamilyNames = "Pérez", Audience = audience,
                ColegioId = colegioId, DependenciaId = dependenciaId, CreatedUtc = DateTime.UtcNow,
            };
            db.People.Add(p);
            await db.SaveChangesAsync();
            return p.Id;
        });

    /// <summary>A learner account linked to a new person.</summary>
    public static async Task<(string UserName, int PersonId)> LearnerAsync(this ScariAppFactory app, Audience audience = Audience.Staff,
        int? colegioId = null, int? dependenciaId = null)
    {
        var personId = await app.PersonAsync(audience, colegioId, dependenciaId);
        var userName = $"{Unique("aprendiz")}@scari.test";
        var user = await app.CreateUserAsync(userName, Roles.Aprendiz);
        await app.LinkAsync(user.Id, u => u.PersonId = personId);
        return (userName, personId);
    }

    public static async Task<string> StaffAsync(this ScariAppFactory app, string role, int? colegioId = null, int? dependenciaId = null)
    {
        var userName = $"{Unique(role.ToLowerInvariant())}@scari.test";
        var user = await app.CreateUserAsync(userName, role);
        await app.LinkAsync(user.Id, u => { u.CoordinatedColegioId = colegioId; u.CoordinatedDependenciaId = dependenciaId; });
        return userName;
    }

    public static Task<string> UserIdAsync(this ScariAppFactory app, string userName) =>
        app.WithScopeAsync(async sp => (await sp.GetRequiredService<UserManager<ScariUser>>().FindByNameAsync(userName))!.Id);

    internal static Task LinkAsync(this ScariAppFactory app, string userId, Action<ScariUser> change) =>
        app.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<ScariUser>>();
            var user = (await users.FindByIdAsync(userId))!;
            change(user);
            await users.UpdateAsync(user);
            return 0;
        });

    public static CurrentAccount Admin => new("admin-test", IsAdministrator: true, IsCoordinator: false, IsTutor: false, null, null, null);

    public static CurrentAccount Coordinator(int? colegioId = null, int? dependenciaId = null) =>
        new("coord-test", IsAdministrator: false, IsCoordinator: true, IsTutor: false, colegioId, dependenciaId, null);

    public static Task<T> WithAsync<T, TService>(this ScariAppFactory app, Func<TService, Task<T>> work) where TService : notnull =>
        app.WithScopeAsync(sp => work(sp.GetRequiredService<TService>()));
}
