using Scari.Web.Features.Mail;

namespace Scari.Web.Features.Surveys;

public static class SurveysSetup
{
    public static IServiceCollection AddScariSurveys(this IServiceCollection services)
    {
        services.AddScoped<LearnerSurveys>();
        services.AddScoped<SurveyResults>();
        services.AddScoped<IOutboxGuard, ImpactInvitationGuard>();
        services.AddScoped<IOutboxGuard, ReactionInvitationGuard>();
        return services;
    }
}
