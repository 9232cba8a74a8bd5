using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.People;

namespace Scari.Testing;

/// <summary>People, catalogues and staff accounts for tests, written straight to the database.</summary>
public static class PeopleTestData
{
    public static Task<int> ColegioIdAsync(this ScariAppFactory app, string code) =>
        app.WithDbAsync(db => db.Colegios.Where(c => c.Code == code).Select(c => c.Id).SingleAsync());

    public static Task<int> DependenciaIdAsync(this ScariAppFactory app, string code) =>
        app.WithDbAsync(db => db.Dependencias.Where(c => c.Code == code).Select(c => c.Id).SingleAsync());

    /// <summary>A coordinator account of one colegio or dependencia, with the default test password.</summary>
    public static async Task<ScariUser> CreateCoordinatorAsync(this ScariAppFactory app, string email, int? colegioId = null, int? dependenciaId = null)
    {
        var user = await app.CreateUserAsync(email, Roles.Coordinador);
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.CoordinatedColegioId, colegioId)
            .SetProperty(u => u.CoordinatedDependenciaId, dependenciaId)));
        return user;
    }

    public static Task<int> CreateStudentAsync(this ScariAppFactory app, int colegioId, string number, string givenNames = "Estudiante", string familyNames = "De Prueba",
        DocumentType type = DocumentType.TI, string grade = "10", DateOnly? birthDate = null) =>
        app.WithDbAsync(async db =>
        {
            var person = new Person
            {
                DocumentType = type,
                DocumentNumber = number,
                GivenNames = givenNames,
                FamilyNames = familyNames,
                Audience = Audience.Student,
                ColegioId = colegioId,
                Grade = grade,
                BirthDate = birthDate ?? new DateOnly(2005, 1, 1),
                CreatedUtc = DateTime.UtcNow,
            };
            db.People.Add(person);
            await db.SaveChangesAsync();
            return person.Id;
        });

    /// <summary>Issues sign-in codes as an administrator would, returning them in clear.</summary>
    public static Task<IReadOnlyList<IssuedCode>> IssueCodesAsync(this ScariAppFactory app, params int[] personIds) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<SignInCodes>().IssueAsync(new PeopleScope(true, null, null, null), personIds, null, default));
}
