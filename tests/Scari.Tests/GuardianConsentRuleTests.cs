using Scari.Web.Content;
using Scari.Web.Features.People;
using F = Scari.Web.Features.People.GuardianConsentRule.Field;

namespace Scari.Tests;

/// <summary>The person form and the people import both decide a minor's guardian consent through this one rule.</summary>
public sealed class GuardianConsentRuleTests
{
    private static readonly DateOnly Today = new(2026, 12, 7);

    private static GuardianConsentRule.Input Good(Func<GuardianConsentRule.Input, GuardianConsentRule.Input>? change = null)
    {
        var i = new GuardianConsentRule.Input("  Ana   María Pérez ", "madre", "C.C. 45.123.456", "FORMULARIO FIRMADO", new DateOnly(2026, 11, 3), true);
        return change is null ? i : change(i);
    }

    [Fact]
    public void Required_only_for_students_under_18_with_a_birth_date()
    {
        Assert.True(GuardianConsentRule.Required(Audience.Student, Today.AddYears(-17), Today));
        Assert.False(GuardianConsentRule.Required(Audience.Student, Today.AddYears(-18), Today));
        Assert.False(GuardianConsentRule.Required(Audience.Staff, Today.AddYears(-17), Today));
        Assert.False(GuardianConsentRule.Required(Audience.Student, null, Today));
    }

    [Fact]
    public void Complete_fields_become_a_consent_matched_to_the_lists_ignoring_case_and_accents()
    {
        var (consent, problems) = GuardianConsentRule.Check(Good(), Today);
        Assert.Empty(problems);
        Assert.Equal(new GuardianConsentRule.Given("Ana María Pérez", "Madre", "CC45123456", "Formulario firmado", new DateOnly(2026, 11, 3)), consent);
    }

    [Fact]
    public void Each_wrong_field_is_named_and_nothing_is_given()
    {
        Assert.Equal(F.Name, Single(Good(i => i with { Name = " " })));
        Assert.Equal(F.Name, Single(Good(i => i with { Name = new string('a', 201) })));
        Assert.Equal(F.Relationship, Single(Good(i => i with { Relationship = "Vecina" })));
        Assert.Equal(F.Document, Single(Good(i => i with { Document = "12" })));
        Assert.Equal(F.Document, Single(Good(i => i with { Document = "12-34 5678 9012 3456 78901" })));
        Assert.Equal(F.Method, Single(Good(i => i with { Method = "Por WhatsApp" })));
        Assert.Equal(F.Date, Single(Good(i => i with { Date = null })));
        Assert.Equal(F.Date, Single(Good(i => i with { Date = Today.AddDays(1) })));
        Assert.Contains("no es válida", GuardianConsentRule.Check(Good(i => i with { Date = null }), Today).Problems[0].Message);
        Assert.Contains("escriba la fecha", GuardianConsentRule.Check(Good(i => i with { Date = null, DateGiven = false }), Today).Problems[0].Message);
    }

    [Fact]
    public void Any_filled_field_counts_as_given()
    {
        var empty = new GuardianConsentRule.Input(" ", null, "", null, null, false);
        Assert.False(GuardianConsentRule.AnyGiven(empty));
        Assert.True(GuardianConsentRule.AnyGiven(empty with { Method = "Verbal ante el coordinador" }));
        Assert.True(GuardianConsentRule.AnyGiven(empty with { DateGiven = true }));
        Assert.Equal(5, GuardianConsentRule.Check(empty, Today).Problems.Count);
    }

    private static F Single(GuardianConsentRule.Input input)
    {
        var (consent, problems) = GuardianConsentRule.Check(input, Today);
        Assert.Null(consent);
        return Assert.Single(problems).Field;
    }
}
