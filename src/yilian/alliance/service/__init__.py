"""Alliance rules: the only place organisations, departments, centres and agreements change.

``actor`` is None only for the local command line (demo builder, admin commands): no policy
check, but every change is audited all the same. Nothing is ever deleted: organisations,
departments, centres and agreements are deactivated, because consultations, referrals and
reports keep pointing at them.

This package is the module's one import surface (``from yilian.alliance import service``):
``lookups`` is what other modules read, the other submodules each hold one kind of row. The
enums and ranks other modules need are re-exported here; the tables are not.
"""

from yilian.alliance.models import LEVEL_RANK as LEVEL_RANK
from yilian.alliance.models import AgreementService as AgreementService
from yilian.alliance.models import CentreKind as CentreKind
from yilian.alliance.models import OrgKind as OrgKind
from yilian.alliance.models import OrgLevel as OrgLevel
from yilian.alliance.service.agreements import agreement_out as agreement_out
from yilian.alliance.service.agreements import create_agreement as create_agreement
from yilian.alliance.service.agreements import deactivate_agreement as deactivate_agreement
from yilian.alliance.service.agreements import describe_agreements as describe_agreements
from yilian.alliance.service.agreements import get_agreement as get_agreement
from yilian.alliance.service.agreements import list_agreements as list_agreements
from yilian.alliance.service.agreements import update_agreement as update_agreement
from yilian.alliance.service.centres import LOWEST_CENTRE_HOST as LOWEST_CENTRE_HOST
from yilian.alliance.service.centres import centre_out as centre_out
from yilian.alliance.service.centres import create_centre as create_centre
from yilian.alliance.service.centres import deactivate_centre as deactivate_centre
from yilian.alliance.service.centres import describe_centres as describe_centres
from yilian.alliance.service.centres import get_centre as get_centre
from yilian.alliance.service.centres import list_centres as list_centres
from yilian.alliance.service.centres import update_centre as update_centre
from yilian.alliance.service.departments import create_department as create_department
from yilian.alliance.service.departments import deactivate_department as deactivate_department
from yilian.alliance.service.departments import department_catalogue as department_catalogue
from yilian.alliance.service.departments import department_heads as department_heads
from yilian.alliance.service.departments import department_out as department_out
from yilian.alliance.service.departments import describe_departments as describe_departments
from yilian.alliance.service.departments import list_departments as list_departments
from yilian.alliance.service.departments import update_department as update_department
from yilian.alliance.service.lookups import active_organisations as active_organisations
from yilian.alliance.service.lookups import agreement_covers as agreement_covers
from yilian.alliance.service.lookups import department_names as department_names
from yilian.alliance.service.lookups import departments_by_id as departments_by_id
from yilian.alliance.service.lookups import departments_headed_by as departments_headed_by
from yilian.alliance.service.lookups import departments_of as departments_of
from yilian.alliance.service.lookups import find_department as find_department
from yilian.alliance.service.lookups import find_organisation as find_organisation
from yilian.alliance.service.lookups import get_organisation as get_organisation
from yilian.alliance.service.lookups import ids_under as ids_under
from yilian.alliance.service.lookups import names as names
from yilian.alliance.service.lookups import reception as reception
from yilian.alliance.service.lookups import (
    require_active_organisation as require_active_organisation,
)
from yilian.alliance.service.lookups import (
    require_active_organisations as require_active_organisations,
)
from yilian.alliance.service.lookups import with_organisation as with_organisation
from yilian.alliance.service.lookups import (
    with_organisation_columns as with_organisation_columns,
)
from yilian.alliance.service.lookups import with_organisation_scope as with_organisation_scope
from yilian.alliance.service.organisations import ROOT_LEVELS as ROOT_LEVELS
from yilian.alliance.service.organisations import create_organisation as create_organisation
from yilian.alliance.service.organisations import (
    deactivate_organisation as deactivate_organisation,
)
from yilian.alliance.service.organisations import list_organisations as list_organisations
from yilian.alliance.service.organisations import organisation_tree as organisation_tree
from yilian.alliance.service.organisations import update_organisation as update_organisation
