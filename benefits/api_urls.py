from django.urls import include, path
from rest_framework.routers import SimpleRouter

from .api.awards import AwardViewSet
from .api.due import DueListView
from .api.other_pensions import OtherPensionViewSet
from .api.payrolls import PayrollViewSet
from .api.recipients import OverpaymentViewSet, RecipientViewSet
from .api.settlement_payouts import SettlementPayoutViewSet
from .api.settlements import RecoveryViewSet, SettlementViewSet
from .api.stops import StopRequestViewSet

router = SimpleRouter()
router.register("awards", AwardViewSet, basename="award")
router.register("payrolls", PayrollViewSet, basename="payroll")
router.register("recipients", RecipientViewSet, basename="recipient")
router.register("overpayments", OverpaymentViewSet, basename="overpayment")
router.register("settlements", SettlementViewSet, basename="settlement")
router.register("settlement-payouts", SettlementPayoutViewSet, basename="settlement-payout")
router.register("recoveries", RecoveryViewSet, basename="recovery")
router.register("stop-requests", StopRequestViewSet, basename="stop-request")
router.register("other-pensions", OtherPensionViewSet, basename="other-pension")

urlpatterns = [
    path("benefits/due/", DueListView.as_view(), name="benefits-due"),
    path("", include(router.urls)),
]
