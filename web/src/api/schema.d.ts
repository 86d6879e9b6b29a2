export interface paths {
    "/api/v1/agreements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Agreements */
        get: operations["list_agreements_api_v1_agreements_get"];
        put?: never;
        /** Create Agreement */
        post: operations["create_agreement_api_v1_agreements_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agreements/{agreement_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Agreement */
        get: operations["get_agreement_api_v1_agreements__agreement_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Update Agreement */
        patch: operations["update_agreement_api_v1_agreements__agreement_id__patch"];
        trace?: never;
    };
    "/api/v1/agreements/{agreement_id}/deactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Deactivate Agreement */
        post: operations["deactivate_agreement_api_v1_agreements__agreement_id__deactivate_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Search Audit */
        get: operations["search_audit_api_v1_audit_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/access-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Search Access Log */
        get: operations["search_access_log_api_v1_audit_access_log_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Verify Chain */
        get: operations["verify_chain_api_v1_audit_verify_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Login */
        post: operations["login_api_v1_auth_login_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login/totp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Login Totp */
        post: operations["login_totp_api_v1_auth_login_totp_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Logout */
        post: operations["logout_api_v1_auth_logout_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Me */
        get: operations["me_api_v1_auth_me_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change Password */
        post: operations["change_password_api_v1_auth_password_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/step-up": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Step Up */
        post: operations["step_up_api_v1_auth_step_up_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/switch-grant": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Switch Grant */
        post: operations["switch_grant_api_v1_auth_switch_grant_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/totp/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Totp Enable */
        post: operations["totp_enable_api_v1_auth_totp_enable_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/totp/setup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Totp Setup */
        post: operations["totp_setup_api_v1_auth_totp_setup_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/availability": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Slots */
        get: operations["list_slots_api_v1_availability_get"];
        put?: never;
        /** Create Slots */
        post: operations["create_slots_api_v1_availability_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/availability/doctors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Doctors */
        get: operations["list_doctors_api_v1_availability_doctors_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/availability/{slot_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Withdraw Slot */
        delete: operations["withdraw_slot_api_v1_availability__slot_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clinic/departments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Departments */
        get: operations["departments_api_v1_clinic_departments_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clinic/doctors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Find Doctors */
        get: operations["find_doctors_api_v1_clinic_doctors_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clinic/doctors/{user_id}/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Doctor Sessions */
        get: operations["doctor_sessions_api_v1_clinic_doctors__user_id__sessions_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clinic/fees/{organisation_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Fees */
        get: operations["get_fees_api_v1_clinic_fees__organisation_id__get"];
        /** Put Fees */
        put: operations["put_fees_api_v1_clinic_fees__organisation_id__put"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clinic/profiles/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Profile */
        get: operations["get_profile_api_v1_clinic_profiles__user_id__get"];
        /** Put Profile */
        put: operations["put_profile_api_v1_clinic_profiles__user_id__put"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clinic/queue-board": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Queue Board */
        get: operations["queue_board_api_v1_clinic_queue_board_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clinic/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Sessions */
        get: operations["list_sessions_api_v1_clinic_sessions_get"];
        put?: never;
        /** Create Session */
        post: operations["create_session_api_v1_clinic_sessions_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clinic/sessions/{session_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Patch Session */
        patch: operations["patch_session_api_v1_clinic_sessions__session_id__patch"];
        trace?: never;
    };
    "/api/v1/clinic/sessions/{session_id}/call-next": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Call Next */
        post: operations["call_next_api_v1_clinic_sessions__session_id__call_next_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clinic/sessions/{session_id}/queue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Queue */
        get: operations["queue_api_v1_clinic_sessions__session_id__queue_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clinic/sessions/{session_id}/stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Stop Session */
        post: operations["stop_session_api_v1_clinic_sessions__session_id__stop_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clinic/sessions/{session_id}/substitute": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Substitute */
        post: operations["substitute_api_v1_clinic_sessions__session_id__substitute_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clinic/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Visit Stats */
        get: operations["visit_stats_api_v1_clinic_stats_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clinic/today": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Today Board */
        get: operations["today_board_api_v1_clinic_today_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clinic/visits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Visits */
        get: operations["list_visits_api_v1_clinic_visits_get"];
        put?: never;
        /** Book Visit */
        post: operations["book_visit_api_v1_clinic_visits_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clinic/visits/{visit_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Visit */
        get: operations["get_visit_api_v1_clinic_visits__visit_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clinic/visits/{visit_id}/attachments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a material (the patient side, until the doctor calls) */
        post: operations["online_visit_attachments_api_v1_clinic_visits__visit_id__attachments_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clinic/visits/{visit_id}/calls": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Log a phone visit's call (the doctor) */
        post: operations["online_visit_calls_api_v1_clinic_visits__visit_id__calls_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clinic/visits/{visit_id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel before the visit starts: refunded in full (the patient side) */
        post: operations["online_visit_cancel_api_v1_clinic_visits__visit_id__cancel_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clinic/visits/{visit_id}/check-in": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Check in on the day (the patient, a proxy or the village doctor) */
        post: operations["online_visit_check_in_api_v1_clinic_visits__visit_id__check_in_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clinic/visits/{visit_id}/finish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign the outpatient record (the doctor) */
        post: operations["online_visit_finish_api_v1_clinic_visits__visit_id__finish_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clinic/visits/{visit_id}/miss": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The called patient did not answer: back in the queue once (the doctor) */
        post: operations["online_visit_miss_api_v1_clinic_visits__visit_id__miss_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clinic/visits/{visit_id}/move": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** After 停诊: move to another session of the doctor or department at the same fee, keeping the payment (the patient side) */
        post: operations["online_visit_move_api_v1_clinic_visits__visit_id__move_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clinic/visits/{visit_id}/move-options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Move Options
         * @description After 停诊: the sessions of the doctor or department with free slots (none otherwise).
         */
        get: operations["move_options_api_v1_clinic_visits__visit_id__move_options_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clinic/visits/{visit_id}/not-eligible": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Not eligible for an online follow-up: refunded in full (the doctor) */
        post: operations["online_visit_not_eligible_api_v1_clinic_visits__visit_id__not_eligible_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clinic/visits/{visit_id}/refer-offline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Please come in person (the doctor) */
        post: operations["online_visit_refer_offline_api_v1_clinic_visits__visit_id__refer_offline_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/clinic/visits/{visit_id}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start the visit, eligibility confirmed (the doctor, re-authenticated) */
        post: operations["online_visit_start_api_v1_clinic_visits__visit_id__start_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/consents/{consent_id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke Consent */
        post: operations["revoke_consent_api_v1_consents__consent_id__revoke_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/consultations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Consultations */
        get: operations["list_consultations_api_v1_consultations_get"];
        put?: never;
        /** Apply */
        post: operations["apply_api_v1_consultations_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/consultations/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Consultation Stats */
        get: operations["consultation_stats_api_v1_consultations_stats_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/consultations/{consultation_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Consultation */
        get: operations["get_consultation_api_v1_consultations__consultation_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/consultations/{consultation_id}/acknowledge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Acknowledge the report (inviting side) */
        post: operations["consultation_acknowledge_api_v1_consultations__consultation_id__acknowledge_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/consultations/{consultation_id}/addenda": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a signed addendum to the published report */
        post: operations["consultation_addenda_api_v1_consultations__consultation_id__addenda_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/consultations/{consultation_id}/answer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept or reject an MDT for a department */
        post: operations["consultation_answer_api_v1_consultations__consultation_id__answer_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/consultations/{consultation_id}/assign": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Assign an expert (department) */
        post: operations["consultation_assign_api_v1_consultations__consultation_id__assign_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/consultations/{consultation_id}/attachments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a material (inviting side) */
        post: operations["consultation_attachments_api_v1_consultations__consultation_id__attachments_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/consultations/{consultation_id}/book": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Book the time (inviting side) */
        post: operations["consultation_book_api_v1_consultations__consultation_id__book_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/consultations/{consultation_id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel (inviting side) */
        post: operations["consultation_cancel_api_v1_consultations__consultation_id__cancel_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/consultations/{consultation_id}/candidates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Candidates */
        get: operations["candidates_api_v1_consultations__consultation_id__candidates_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/consultations/{consultation_id}/confirm-panel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm the MDT panel (office) */
        post: operations["consultation_confirm_panel_api_v1_consultations__consultation_id__confirm_panel_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/consultations/{consultation_id}/coordinator": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Decide whether a coordinator takes part (chief expert) */
        post: operations["consultation_coordinator_api_v1_consultations__consultation_id__coordinator_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/consultations/{consultation_id}/decline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Decline (office) */
        post: operations["consultation_decline_api_v1_consultations__consultation_id__decline_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/consultations/{consultation_id}/departments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Departments */
        get: operations["departments_api_v1_consultations__consultation_id__departments_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/consultations/{consultation_id}/dispatch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send an MDT to departments (office) */
        post: operations["consultation_dispatch_api_v1_consultations__consultation_id__dispatch_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/consultations/{consultation_id}/draft": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Save Draft */
        put: operations["save_draft_api_v1_consultations__consultation_id__draft_put"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/consultations/{consultation_id}/opinion": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Enter a specialty opinion (secondary expert) */
        post: operations["consultation_opinion_api_v1_consultations__consultation_id__opinion_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/consultations/{consultation_id}/publish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign and publish the report (expert / chief) */
        post: operations["consultation_publish_api_v1_consultations__consultation_id__publish_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/consultations/{consultation_id}/request-info": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ask the inviting side for more information (expert) */
        post: operations["consultation_request_info_api_v1_consultations__consultation_id__request_info_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/consultations/{consultation_id}/reschedule": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Move to another time */
        post: operations["consultation_reschedule_api_v1_consultations__consultation_id__reschedule_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/consultations/{consultation_id}/return": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Hand back to the office (department) */
        post: operations["consultation_return_api_v1_consultations__consultation_id__return_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/consultations/{consultation_id}/route": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Route to a department (office) */
        post: operations["consultation_route_api_v1_consultations__consultation_id__route_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/consultations/{consultation_id}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start the session and ring the participants (expert) */
        post: operations["consultation_start_api_v1_consultations__consultation_id__start_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/consultations/{consultation_id}/supply-info": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Supply the information asked for (inviting side) */
        post: operations["consultation_supply_info_api_v1_consultations__consultation_id__supply_info_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/consultations/{consultation_id}/withdraw": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Hand back the assignment (expert) */
        post: operations["consultation_withdraw_api_v1_consultations__consultation_id__withdraw_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My Conversations */
        get: operations["my_conversations_api_v1_conversations_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{conversation_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Conversation */
        get: operations["get_conversation_api_v1_conversations__conversation_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{conversation_id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Messages */
        get: operations["list_messages_api_v1_conversations__conversation_id__messages_get"];
        put?: never;
        /** Post Message */
        post: operations["post_message_api_v1_conversations__conversation_id__messages_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{conversation_id}/messages/{message_id}/retract": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Retract Message */
        post: operations["retract_message_api_v1_conversations__conversation_id__messages__message_id__retract_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{conversation_id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark Read */
        post: operations["mark_read_api_v1_conversations__conversation_id__read_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/department-catalogue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Department Catalogue */
        get: operations["department_catalogue_api_v1_department_catalogue_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/departments/{department_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Update Department */
        patch: operations["update_department_api_v1_departments__department_id__patch"];
        trace?: never;
    };
    "/api/v1/departments/{department_id}/deactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Deactivate Department */
        post: operations["deactivate_department_api_v1_departments__department_id__deactivate_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/diagnosis-centres": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Centres */
        get: operations["list_centres_api_v1_diagnosis_centres_get"];
        put?: never;
        /** Create Centre */
        post: operations["create_centre_api_v1_diagnosis_centres_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/diagnosis-centres/{centre_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Centre */
        get: operations["get_centre_api_v1_diagnosis_centres__centre_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Update Centre */
        patch: operations["update_centre_api_v1_diagnosis_centres__centre_id__patch"];
        trace?: never;
    };
    "/api/v1/diagnosis-centres/{centre_id}/deactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Deactivate Centre */
        post: operations["deactivate_centre_api_v1_diagnosis_centres__centre_id__deactivate_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/documents/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Register Entry
         * @description What the register says of the document a printed QR code names (its number and code): issuer, type and date, nothing about the patient.
         */
        get: operations["register_entry_api_v1_documents_register_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/documents/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Verify
         * @description Tells whether a PDF is a document issued by yilian and untouched since. The body is the PDF itself, sent as `application/pdf` (at most 1 MiB).
         */
        post: operations["verify_api_v1_documents_verify_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/documents/{document_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Document */
        get: operations["document_api_v1_documents__document_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/documents/{document_id}/pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Document Pdf */
        get: operations["document_pdf_api_v1_documents__document_id__pdf_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/files/{file_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** File Info */
        get: operations["file_info_api_v1_files__file_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/files/{file_id}/content": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** File Content */
        get: operations["file_content_api_v1_files__file_id__content_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/followup-tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Tasks */
        get: operations["list_tasks_api_v1_followup_tasks_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/followup-tasks/{task_id}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Complete */
        post: operations["complete_api_v1_followup_tasks__task_id__complete_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Notifications */
        get: operations["list_notifications_api_v1_notifications_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/preferences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Preferences */
        get: operations["get_preferences_api_v1_notifications_preferences_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Set Preferences */
        patch: operations["set_preferences_api_v1_notifications_preferences_patch"];
        trace?: never;
    };
    "/api/v1/notifications/read-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark All Read */
        post: operations["mark_all_read_api_v1_notifications_read_all_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/unread-count": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Unread Count */
        get: operations["unread_count_api_v1_notifications_unread_count_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/{notification_id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark Read */
        post: operations["mark_read_api_v1_notifications__notification_id__read_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/organisations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Organisations */
        get: operations["list_organisations_api_v1_organisations_get"];
        put?: never;
        /** Create Organisation */
        post: operations["create_organisation_api_v1_organisations_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/organisations/tree": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Organisation Tree */
        get: operations["organisation_tree_api_v1_organisations_tree_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/organisations/{org_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Organisation */
        get: operations["get_organisation_api_v1_organisations__org_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Update Organisation */
        patch: operations["update_organisation_api_v1_organisations__org_id__patch"];
        trace?: never;
    };
    "/api/v1/organisations/{org_id}/deactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Deactivate Organisation */
        post: operations["deactivate_organisation_api_v1_organisations__org_id__deactivate_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/organisations/{org_id}/departments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Departments */
        get: operations["list_departments_api_v1_organisations__org_id__departments_get"];
        put?: never;
        /** Create Department */
        post: operations["create_department_api_v1_organisations__org_id__departments_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/organisations/{org_id}/sla": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Sla */
        get: operations["get_sla_api_v1_organisations__org_id__sla_get"];
        /** Set Sla */
        put: operations["set_sla_api_v1_organisations__org_id__sla_put"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/patient-accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create Patient Account */
        post: operations["create_patient_account_api_v1_patient_accounts_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/patient-accounts/{account_id}/proxies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add Proxy */
        post: operations["add_proxy_api_v1_patient_accounts__account_id__proxies_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/patients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Search Patients */
        get: operations["search_patients_api_v1_patients_get"];
        put?: never;
        /** Create Patient */
        post: operations["create_patient_api_v1_patients_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/patients/break-glass-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Break Glass Log */
        get: operations["break_glass_log_api_v1_patients_break_glass_log_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/patients/{patient_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Patient */
        get: operations["get_patient_api_v1_patients__patient_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Patch Patient */
        patch: operations["patch_patient_api_v1_patients__patient_id__patch"];
        trace?: never;
    };
    "/api/v1/patients/{patient_id}/access-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Access Log */
        get: operations["access_log_api_v1_patients__patient_id__access_log_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/patients/{patient_id}/allergies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add Allergies */
        post: operations["add_allergies_api_v1_patients__patient_id__allergies_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/patients/{patient_id}/break-glass": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Break Glass */
        post: operations["break_glass_api_v1_patients__patient_id__break_glass_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/patients/{patient_id}/consents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Consents */
        get: operations["list_consents_api_v1_patients__patient_id__consents_get"];
        put?: never;
        /** Grant Consent */
        post: operations["grant_consent_api_v1_patients__patient_id__consents_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/patients/{patient_id}/encounters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add Encounters */
        post: operations["add_encounters_api_v1_patients__patient_id__encounters_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/patients/{patient_id}/identifiers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reveal Identifiers
         * @description The full resident ID, phone, address and insurance number, for a purpose the patient's
         *     access log shows.
         */
        post: operations["reveal_identifiers_api_v1_patients__patient_id__identifiers_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/patients/{patient_id}/medications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add Medications */
        post: operations["add_medications_api_v1_patients__patient_id__medications_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/patients/{patient_id}/problems": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add Problems */
        post: operations["add_problems_api_v1_patients__patient_id__problems_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/patients/{patient_id}/reconciliations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Reconciliations */
        get: operations["list_reconciliations_api_v1_patients__patient_id__reconciliations_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/patients/{patient_id}/record": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Record */
        get: operations["get_record_api_v1_patients__patient_id__record_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/patients/{patient_id}/{kind}/{entry_id}/void": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Void Entry */
        post: operations["void_entry_api_v1_patients__patient_id___kind___entry_id__void_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payments/channels/{organisation_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Channels */
        get: operations["get_channels_api_v1_payments_channels__organisation_id__get"];
        /** Put Channel */
        put: operations["put_channel_api_v1_payments_channels__organisation_id__put"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payments/notify/alipay/{organisation_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Notify Alipay
         * @description Alipay's asynchronous notification: the plain text "success" once recorded (or recorded
         *     before); a refusal is a 4xx problem, which Alipay, like any answer but "success", retries.
         */
        post: operations["notify_alipay_api_v1_payments_notify_alipay__organisation_id__post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payments/notify/wechat/{organisation_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Notify Wechat
         * @description WeChat Pay's callback: 200 {"code": "SUCCESS"} once the notification is recorded (or was
         *     already); a refusal is a 4xx problem, which WeChat Pay retries.
         */
        post: operations["notify_wechat_api_v1_payments_notify_wechat__organisation_id__post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payments/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Orders */
        get: operations["list_orders_api_v1_payments_orders_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payments/orders/{order_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Order */
        get: operations["get_order_api_v1_payments_orders__order_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payments/orders/{order_id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel */
        post: operations["cancel_api_v1_payments_orders__order_id__cancel_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payments/orders/{order_id}/collect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Collect */
        post: operations["collect_api_v1_payments_orders__order_id__collect_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payments/orders/{order_id}/demo-confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Demo Confirm */
        post: operations["demo_confirm_api_v1_payments_orders__order_id__demo_confirm_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payments/orders/{order_id}/pay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pay */
        post: operations["pay_api_v1_payments_orders__order_id__pay_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payments/orders/{order_id}/refunds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Refund */
        post: operations["refund_api_v1_payments_orders__order_id__refunds_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payments/reconciliation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Reconciliation */
        get: operations["reconciliation_api_v1_payments_reconciliation_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pharmacy/organisations/{org_id}/catalogue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Search */
        get: operations["search_api_v1_pharmacy_organisations__org_id__catalogue_get"];
        put?: never;
        /** Create Drug */
        post: operations["create_drug_api_v1_pharmacy_organisations__org_id__catalogue_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pharmacy/organisations/{org_id}/catalogue/imports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Imports */
        get: operations["list_imports_api_v1_pharmacy_organisations__org_id__catalogue_imports_get"];
        put?: never;
        /**
         * Start Import
         * @description Checks the file's kind, header and size at once (a 4xx, nothing saved); the rows are
         *     checked and applied in the background: follow the import's ``pharmacy.catalogue_import``
         *     events (state, rows_done of total_rows) or read it again.
         */
        post: operations["start_import_api_v1_pharmacy_organisations__org_id__catalogue_imports_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pharmacy/organisations/{org_id}/catalogue/imports/{import_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Import */
        get: operations["get_import_api_v1_pharmacy_organisations__org_id__catalogue_imports__import_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pharmacy/organisations/{org_id}/catalogue/{drug_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Drug */
        get: operations["get_drug_api_v1_pharmacy_organisations__org_id__catalogue__drug_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Patch Drug */
        patch: operations["patch_drug_api_v1_pharmacy_organisations__org_id__catalogue__drug_id__patch"];
        trace?: never;
    };
    "/api/v1/pharmacy/organisations/{org_id}/catalogue/{drug_id}/deactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Deactivate */
        post: operations["deactivate_api_v1_pharmacy_organisations__org_id__catalogue__drug_id__deactivate_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pharmacy/organisations/{org_id}/catalogue/{drug_id}/reactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reactivate */
        post: operations["reactivate_api_v1_pharmacy_organisations__org_id__catalogue__drug_id__reactivate_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pharmacy/organisations/{org_id}/stock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Stock */
        get: operations["stock_api_v1_pharmacy_organisations__org_id__stock_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pharmacy/organisations/{org_id}/stock/batches/{batch_id}/adjust": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Adjust
         * @description A count (盘点) sets a batch's quantity, with the reason.
         */
        post: operations["adjust_api_v1_pharmacy_organisations__org_id__stock_batches__batch_id__adjust_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pharmacy/organisations/{org_id}/stock/receipts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Receive
         * @description Packages received into a batch (the same batch number and expiry adds to it).
         */
        post: operations["receive_api_v1_pharmacy_organisations__org_id__stock_receipts_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pharmacy/organisations/{org_id}/stock/{drug_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Drug Stock */
        get: operations["drug_stock_api_v1_pharmacy_organisations__org_id__stock__drug_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pharmacy/prescriptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Prescriptions */
        get: operations["list_prescriptions_api_v1_pharmacy_prescriptions_get"];
        put?: never;
        /** Sign Prescription */
        post: operations["sign_prescription_api_v1_pharmacy_prescriptions_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pharmacy/prescriptions/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check
         * @description The rules over a draft: quantities, price, stock, refusals with their articles, warnings
         *     (nothing is saved).
         */
        post: operations["check_api_v1_pharmacy_prescriptions_check_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pharmacy/prescriptions/{prescription_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Prescription */
        get: operations["get_prescription_api_v1_pharmacy_prescriptions__prescription_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pharmacy/prescriptions/{prescription_id}/arrive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Arrived at the village clinic (its doctor) */
        post: operations["prescription_arrive_api_v1_pharmacy_prescriptions__prescription_id__arrive_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pharmacy/prescriptions/{prescription_id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Do not buy it (the patient) */
        post: operations["prescription_cancel_api_v1_pharmacy_prescriptions__prescription_id__cancel_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pharmacy/prescriptions/{prescription_id}/checkout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Choose delivery or pick-up: the order to pay (the patient) */
        post: operations["prescription_checkout_api_v1_pharmacy_prescriptions__prescription_id__checkout_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pharmacy/prescriptions/{prescription_id}/collect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Collected by the carrier, with its tracking number (a pharmacist) */
        post: operations["prescription_collect_api_v1_pharmacy_prescriptions__prescription_id__collect_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pharmacy/prescriptions/{prescription_id}/confirm-receipt": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Received (the patient) */
        post: operations["prescription_confirm_receipt_api_v1_pharmacy_prescriptions__prescription_id__confirm_receipt_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pharmacy/prescriptions/{prescription_id}/deliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Delivered against the patient's receipt code (a pharmacist) */
        post: operations["prescription_deliver_api_v1_pharmacy_prescriptions__prescription_id__deliver_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pharmacy/prescriptions/{prescription_id}/dispense": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Dispense from stock, earliest expiry first (a pharmacist) */
        post: operations["prescription_dispense_api_v1_pharmacy_prescriptions__prescription_id__dispense_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pharmacy/prescriptions/{prescription_id}/hand-over": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Handed over against the pick-up code, usage explained (the clinic's doctor) */
        post: operations["prescription_hand_over_api_v1_pharmacy_prescriptions__prescription_id__hand_over_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pharmacy/prescriptions/{prescription_id}/pass": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pass the review (a pharmacist of the dispensing organisation; 双签 where the doctor kept a drug against a warning) */
        post: operations["prescription_pass_api_v1_pharmacy_prescriptions__prescription_id__pass_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pharmacy/prescriptions/{prescription_id}/refund": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Paid, not dispensed: refund in full (the patient or a pharmacist) */
        post: operations["prescription_refund_api_v1_pharmacy_prescriptions__prescription_id__refund_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pharmacy/prescriptions/{prescription_id}/return": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Return to the doctor with the review's codes (a pharmacist) */
        post: operations["prescription_return_api_v1_pharmacy_prescriptions__prescription_id__return_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pharmacy/prescriptions/{prescription_id}/transit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** In transit (a pharmacist) */
        post: operations["prescription_transit_api_v1_pharmacy_prescriptions__prescription_id__transit_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/pharmacy/prescriptions/{prescription_id}/void": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Void before payment (the doctor who signed it) */
        post: operations["prescription_void_api_v1_pharmacy_prescriptions__prescription_id__void_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/practitioner-titles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Practitioner Titles */
        get: operations["practitioner_titles_api_v1_practitioner_titles_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reconciliations/{reconciliation_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Reconciliation
         * @description Pending: the proposal against the record as it is now; decided: the lines as decided.
         */
        get: operations["get_reconciliation_api_v1_reconciliations__reconciliation_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reconciliations/{reconciliation_id}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm Reconciliation
         * @description Applies every line but those in ``keep``, as new versions of the entries.
         */
        post: operations["confirm_reconciliation_api_v1_reconciliations__reconciliation_id__confirm_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reconciliations/{reconciliation_id}/discard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Discard Reconciliation */
        post: operations["discard_reconciliation_api_v1_reconciliations__reconciliation_id__discard_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/referrals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Referrals */
        get: operations["list_referrals_api_v1_referrals_get"];
        put?: never;
        /** Create */
        post: operations["create_api_v1_referrals_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/referrals/dashboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Dashboard */
        get: operations["dashboard_api_v1_referrals_dashboard_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/referrals/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Referral Stats */
        get: operations["referral_stats_api_v1_referrals_stats_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/referrals/targets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Targets */
        get: operations["targets_api_v1_referrals_targets_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/referrals/{referral_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Referral */
        get: operations["get_referral_api_v1_referrals__referral_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/referrals/{referral_id}/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept, reserving an appointment or a bed (receiving side) */
        post: operations["referral_accept_api_v1_referrals__referral_id__accept_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/referrals/{referral_id}/arrive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm the patient arrived (receiving side) */
        post: operations["referral_arrive_api_v1_referrals__referral_id__arrive_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/referrals/{referral_id}/attachments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a material (referring side) */
        post: operations["referral_attachments_api_v1_referrals__referral_id__attachments_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/referrals/{referral_id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel (referring side) */
        post: operations["referral_cancel_api_v1_referrals__referral_id__cancel_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/referrals/{referral_id}/departments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Departments */
        get: operations["departments_api_v1_referrals__referral_id__departments_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/referrals/{referral_id}/no-show": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark that the patient did not come (receiving side) */
        post: operations["referral_no_show_api_v1_referrals__referral_id__no_show_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/referrals/{referral_id}/redirect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Redirect to another department or organisation (receiving side) */
        post: operations["referral_redirect_api_v1_referrals__referral_id__redirect_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/referrals/{referral_id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reject with a reason (receiving side) */
        post: operations["referral_reject_api_v1_referrals__referral_id__reject_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/referrals/{referral_id}/reraise": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Raise a rejected referral again (answers with the new referral) */
        post: operations["referral_reraise_api_v1_referrals__referral_id__reraise_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/referrals/{referral_id}/treat": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record that the treatment is finished (receiving doctor) */
        post: operations["referral_treat_api_v1_referrals__referral_id__treat_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/uploads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create Upload */
        post: operations["create_upload_api_v1_uploads_post"];
        delete?: never;
        /** Upload Options */
        options: operations["upload_options_api_v1_uploads_options"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/uploads/{upload_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Upload Status */
        get: operations["upload_status_api_v1_uploads__upload_id__get"];
        put?: never;
        post?: never;
        /** Terminate Upload */
        delete: operations["terminate_upload_api_v1_uploads__upload_id__delete"];
        options?: never;
        head?: never;
        /**
         * Upload Chunk
         * @description Appends a chunk: the body is the raw bytes, sent as `application/offset+octet-stream` with a Content-Length.
         */
        patch: operations["upload_chunk_api_v1_uploads__upload_id__patch"];
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Users */
        get: operations["list_users_api_v1_users_get"];
        put?: never;
        /** Create User */
        post: operations["create_user_api_v1_users_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get User */
        get: operations["get_user_api_v1_users__user_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Patch User */
        patch: operations["patch_user_api_v1_users__user_id__patch"];
        trace?: never;
    };
    "/api/v1/users/{user_id}/grants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add Grant */
        post: operations["add_grant_api_v1_users__user_id__grants_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{user_id}/grants/{grant_id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke Grant */
        post: operations["revoke_grant_api_v1_users__user_id__grants__grant_id__revoke_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{user_id}/password-reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reset Password */
        post: operations["reset_password_api_v1_users__user_id__password_reset_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{user_id}/registrations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add Registration */
        post: operations["add_registration_api_v1_users__user_id__registrations_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{user_id}/totp-reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reset Totp */
        post: operations["reset_totp_api_v1_users__user_id__totp_reset_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{user_id}/unlock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Unlock */
        post: operations["unlock_api_v1_users__user_id__unlock_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{user_id}/verification": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set Verification */
        post: operations["set_verification_api_v1_users__user_id__verification_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/video/ice-servers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Ice Servers */
        get: operations["get_ice_servers_api_v1_video_ice_servers_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/video/rooms/{conversation_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Room */
        get: operations["get_room_api_v1_video_rooms__conversation_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/video/rooms/{conversation_id}/hand": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Hand */
        post: operations["hand_api_v1_video_rooms__conversation_id__hand_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/video/rooms/{conversation_id}/join": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Join Room */
        post: operations["join_room_api_v1_video_rooms__conversation_id__join_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/video/rooms/{conversation_id}/leave": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Leave Room */
        post: operations["leave_room_api_v1_video_rooms__conversation_id__leave_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/video/rooms/{conversation_id}/participants/{user_id}/mute": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mute Participant */
        post: operations["mute_participant_api_v1_video_rooms__conversation_id__participants__user_id__mute_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/video/rooms/{conversation_id}/recording": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start Recording */
        post: operations["start_recording_api_v1_video_rooms__conversation_id__recording_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/video/rooms/{conversation_id}/recording/ack": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Acknowledge Recording */
        post: operations["acknowledge_recording_api_v1_video_rooms__conversation_id__recording_ack_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/video/rooms/{conversation_id}/recording/stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Stop Recording */
        post: operations["stop_recording_api_v1_video_rooms__conversation_id__recording_stop_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/video/rooms/{conversation_id}/screen": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Screen */
        post: operations["screen_api_v1_video_rooms__conversation_id__screen_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/video/rooms/{conversation_id}/spotlight": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Spotlight */
        post: operations["spotlight_api_v1_video_rooms__conversation_id__spotlight_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workbench": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Workbench */
        get: operations["workbench_api_v1_workbench_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Healthz */
        get: operations["healthz_healthz_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readyz */
        get: operations["readyz_readyz_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** AcceptIn */
        AcceptIn: {
            /** Note */
            note?: string | null;
            reservation?: components["schemas"]["Reservation"] | null;
            /** Reserved At */
            reserved_at?: string | null;
            /** Reserved Place */
            reserved_place?: string | null;
        };
        /**
         * Access
         * @enum {string}
         */
        Access: "self" | "own-scope" | "case" | "consent" | "break-glass";
        /**
         * AccessLogEntry
         * @description One read of a patient's data: who, as what, where, when, what, and on which ground.
         */
        AccessLogEntry: {
            /** Action */
            action: string;
            /** Actor Name */
            actor_name?: string | null;
            /** Actor Username */
            actor_username: string | null;
            /**
             * At
             * Format: date-time
             */
            at: string;
            basis: components["schemas"]["Basis"];
            /** Basis Ref */
            basis_ref?: string | null;
            /** Org Id */
            org_id: string | null;
            /** Organisation Name */
            organisation_name: string | null;
            /** Patient Id */
            patient_id?: string | null;
            /** Patient Name */
            patient_name?: string | null;
            /** Purpose */
            purpose?: string | null;
            /** Role */
            role: string | null;
            /** Seq */
            seq: number;
        };
        /**
         * AccessRow
         * @description One read of a patient's data, as the auditor sees it.
         */
        AccessRow: {
            /** Action */
            action: string;
            /**
             * Actor User Id
             * Format: uuid
             */
            actor_user_id: string;
            /** Actor Username */
            actor_username: string;
            /**
             * At
             * Format: date-time
             */
            at: string;
            /** Basis */
            basis: string;
            /** Basis Ref */
            basis_ref: string | null;
            /** Entity Id */
            entity_id: string | null;
            /** Entity Type */
            entity_type: string | null;
            /** Ip */
            ip: string | null;
            /** Org Id */
            org_id: string | null;
            /**
             * Patient Id
             * Format: uuid
             */
            patient_id: string;
            /** Purpose */
            purpose: string | null;
            /** Role */
            role: string | null;
            /** Sealed */
            sealed: boolean;
            /** Seq */
            seq: number;
            /** Subject Org Id */
            subject_org_id: string | null;
        };
        /**
         * ActionOut
         * @description A step the caller may take now (a button on the case's page).
         */
        ActionOut: {
            /** Action */
            action: string;
            /** En */
            en: string;
            /** Zh */
            zh: string;
        };
        /** AddendumIn */
        AddendumIn: {
            /** Findings */
            findings?: string | null;
            /** Opinion */
            opinion: string;
            /** Recommendations */
            recommendations?: string | null;
        };
        /** AdjustIn */
        AdjustIn: {
            /**
             * Quantity
             * @description the packages counted (盘点)
             */
            quantity: number;
            /** Reason */
            reason: string;
        };
        /**
         * AgendaItem
         * @description A booked time: a consultation session, a reserved appointment or bed.
         */
        AgendaItem: {
            /** Ends At */
            ends_at: string | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Link */
            link: string;
            /** Number */
            number: string;
            /** Patient Name */
            patient_name: string;
            /** Place */
            place: string | null;
            /**
             * Starts At
             * Format: date-time
             */
            starts_at: string;
            /** State */
            state: string;
            /** Type */
            type: string;
        };
        /** AgreementIn */
        AgreementIn: {
            /**
             * Organisation A Id
             * Format: uuid
             */
            organisation_a_id: string;
            /**
             * Organisation B Id
             * Format: uuid
             */
            organisation_b_id: string;
            /** Services */
            services: components["schemas"]["AgreementService"][];
            /**
             * Valid From
             * Format: date
             * @description an ISO 8601 date, e.g. 2026-11-24; 1900-01-01 to 2099-12-31
             */
            valid_from: string;
            /**
             * Valid Until
             * @description last day of validity, inclusive
             */
            valid_until?: string | null;
        };
        /** AgreementOut */
        AgreementOut: {
            /** Active */
            active: boolean;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Organisation A Id
             * Format: uuid
             */
            organisation_a_id: string;
            /** Organisation A Name */
            organisation_a_name: string;
            /**
             * Organisation B Id
             * Format: uuid
             */
            organisation_b_id: string;
            /** Organisation B Name */
            organisation_b_name: string;
            /** Services */
            services: components["schemas"]["AgreementService"][];
            /**
             * Valid From
             * Format: date
             */
            valid_from: string;
            /** Valid Until */
            valid_until: string | null;
        };
        /** AgreementPatch */
        AgreementPatch: {
            /** Services */
            services?: components["schemas"]["AgreementService"][] | null;
            /** Valid From */
            valid_from?: string | null;
            /** Valid Until */
            valid_until?: string | null;
        };
        /**
         * AgreementService
         * @enum {string}
         */
        AgreementService: "consultation" | "referral" | "diagnosis";
        /** AllergyIn */
        AllergyIn: {
            /** Reaction */
            reaction?: string | null;
            /**
             * Severity
             * @default moderate
             * @enum {string}
             */
            severity: "mild" | "moderate" | "severe";
            /** Substance */
            substance: string;
        };
        /** AllergyOut */
        AllergyOut: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Organisation Id
             * Format: uuid
             */
            organisation_id: string;
            /** Reaction */
            reaction: string | null;
            /**
             * Recorded At
             * Format: date-time
             */
            recorded_at: string;
            /** Severity */
            severity: string;
            status?: components["schemas"]["RecordStatus"] | null;
            /** Substance */
            substance: string;
        };
        /** AnswerIn */
        AnswerIn: {
            /** Accept */
            accept: boolean;
            /** Chief Id */
            chief_id?: string | null;
            /**
             * Department Id
             * Format: uuid
             */
            department_id: string;
            /** Expert Ids */
            expert_ids?: string[];
            /** Reason */
            reason?: string | null;
        };
        /**
         * Antimicrobial
         * @description 抗菌药物分级.
         * @enum {string}
         */
        Antimicrobial: "unrestricted" | "restricted" | "special";
        /** ApplicationIn */
        ApplicationIn: {
            consent: components["schemas"]["yilian__cases__schemas__ConsentIn"];
            /** Diagnosis Icd10 */
            diagnosis_icd10: string;
            /** Diagnosis Text */
            diagnosis_text: string;
            /** File Ids */
            file_ids?: string[];
            /**
             * Include Record
             * @default true
             */
            include_record: boolean;
            /**
             * Invited Org Id
             * Format: uuid
             */
            invited_org_id: string;
            kind: components["schemas"]["Kind"];
            /**
             * Patient Id
             * Format: uuid
             */
            patient_id: string;
            /**
             * Patient Joins
             * @default false
             */
            patient_joins: boolean;
            /** Preferred Times */
            preferred_times?: components["schemas"]["TimeRange"][];
            /** Purpose */
            purpose: string;
            /** Reason */
            reason: string;
            /** Summary */
            summary: string;
            /** @default routine */
            urgency: components["schemas"]["Urgency"];
            /** Wanted Specialty */
            wanted_specialty: string;
            wanted_title?: components["schemas"]["ProfessionalTitle"] | null;
        };
        /** AssignIn */
        AssignIn: {
            /**
             * Expert Id
             * Format: uuid
             */
            expert_id: string;
        };
        /**
         * AttachIn
         * @description A file (an upload of the caller's) added to a case.
         */
        AttachIn: {
            /**
             * File Id
             * Format: uuid
             */
            file_id: string;
        };
        /** AttachmentOut */
        AttachmentOut: {
            /** Content Type */
            content_type: string;
            /**
             * File Id
             * Format: uuid
             */
            file_id: string;
            /** Filename */
            filename: string;
            /** Is Image */
            is_image: boolean;
            /** Size */
            size: number;
        };
        /** AttendanceOut */
        AttendanceOut: {
            /** Display Name */
            display_name: string;
            end_reason: components["schemas"]["EndReason"] | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Joined At
             * Format: date-time
             */
            joined_at: string;
            /** Left At */
            left_at: string | null;
            /**
             * User Id
             * Format: uuid
             */
            user_id: string;
        };
        /** AuditRow */
        AuditRow: {
            /** Action */
            action: string;
            /** Actor User Id */
            actor_user_id: string | null;
            /** Actor Username */
            actor_username: string | null;
            /**
             * At
             * Format: date-time
             */
            at: string;
            /** Detail */
            detail: {
                [key: string]: unknown;
            };
            /** Entity Id */
            entity_id: string | null;
            /** Entity Type */
            entity_type: string | null;
            /** Flag */
            flag: string | null;
            /** Grant Id */
            grant_id: string | null;
            /** Hash */
            hash: string;
            /** Ip */
            ip: string | null;
            /** Org Id */
            org_id: string | null;
            /** Outcome */
            outcome: string;
            /** Role */
            role: string | null;
            /** Seq */
            seq: number;
            /** Subject Org Id */
            subject_org_id: string | null;
        };
        /**
         * Basis
         * @description Why the reader may read: the reason shown to the patient beside each read.
         * @enum {string}
         */
        Basis: "self" | "proxy" | "network" | "case" | "consent" | "break-glass";
        /** BatchOut */
        BatchOut: {
            /** Batch No */
            batch_no: string;
            /** Expired */
            expired: boolean;
            /**
             * Expires On
             * Format: date
             */
            expires_on: string;
            /**
             * Expires Soon
             * @description expires within 30 days
             */
            expires_soon: boolean;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Quantity
             * @description packages
             */
            quantity: number;
            /**
             * Received At
             * Format: date-time
             */
            received_at: string;
            /** Received By Name */
            received_by_name: string | null;
        };
        /**
         * BoardItem
         * @description A line of a village clinic's screen: the name masked (张*三).
         */
        BoardItem: {
            /** Doctor Name */
            doctor_name: string;
            /** Number */
            number: string;
            /** Patient */
            patient: string;
            /** Position */
            position: number | null;
            /**
             * Slot Starts At
             * Format: date-time
             */
            slot_starts_at: string;
            state: components["schemas"]["yilian__clinic__visits__models__State"];
        };
        /** BoardOut */
        BoardOut: {
            /** Items */
            items: components["schemas"]["BoardItem"][];
            /**
             * Organisation Id
             * Format: uuid
             */
            organisation_id: string;
        };
        /** BookIn */
        BookIn: {
            /**
             * Slot Id
             * Format: uuid
             */
            slot_id: string;
        };
        /** BreakGlassIn */
        BreakGlassIn: {
            /** Reason */
            reason: string;
        };
        /** BreakGlassOut */
        BreakGlassOut: {
            /**
             * Expires At
             * Format: date-time
             */
            expires_at: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Patient Id
             * Format: uuid
             */
            patient_id: string;
        };
        /** CallIn */
        CallIn: {
            /** Minutes */
            minutes: number;
            /** Note */
            note?: string | null;
            /**
             * Started At
             * Format: date-time
             * @description an ISO 8601 date and time with its offset, e.g. 2026-11-24T10:00:00+08:00; 1900-01-01 to 2099-12-31
             */
            started_at: string;
        };
        /** CallOut */
        CallOut: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Minutes */
            minutes: number;
            /** Note */
            note: string | null;
            /** Phone */
            phone: string | null;
            /** Recorded By Name */
            recorded_by_name: string;
            /**
             * Started At
             * Format: date-time
             */
            started_at: string;
        };
        /**
         * CandidateOut
         * @description A doctor of the invited organisation who may be named an expert.
         */
        CandidateOut: {
            /** Name */
            name: string;
            /** Role */
            role: string;
            title: components["schemas"]["ProfessionalTitle"] | null;
            /**
             * User Id
             * Format: uuid
             */
            user_id: string;
        };
        /**
         * CaseType
         * @description The cases a conversation can belong to (each module that owns one opens it).
         * @enum {string}
         */
        CaseType: "consultation" | "referral" | "online_visit" | "diagnostic_study" | "prescription";
        /** CatalogueEntry */
        CatalogueEntry: {
            /** Code */
            code: string;
            /** Name */
            name: string;
            /** Name En */
            name_en: string;
            /** Parent Code */
            parent_code: string | null;
        };
        /**
         * Category
         * @description 西药、中成药 prescriptions (the 5-drug rule) or 中药饮片 (herbal, written apart).
         * @enum {string}
         */
        Category: "western" | "herbal";
        /** CentreIn */
        CentreIn: {
            /**
             * Host Organisation Id
             * Format: uuid
             */
            host_organisation_id: string;
            kind: components["schemas"]["CentreKind"];
            /** Member Organisation Ids */
            member_organisation_ids?: string[];
            /** Name */
            name: string;
        };
        /**
         * CentreKind
         * @enum {string}
         */
        CentreKind: "ecg" | "imaging" | "lab" | "pathology";
        /** CentreOut */
        CentreOut: {
            /** Active */
            active: boolean;
            /**
             * Host Organisation Id
             * Format: uuid
             */
            host_organisation_id: string;
            /** Host Organisation Name */
            host_organisation_name: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            kind: components["schemas"]["CentreKind"];
            /** Member Organisation Ids */
            member_organisation_ids: string[];
            /** Name */
            name: string;
        };
        /** CentrePatch */
        CentrePatch: {
            /**
             * Member Organisation Ids
             * @description replaces the whole member list
             */
            member_organisation_ids?: string[] | null;
            /** Name */
            name?: string | null;
        };
        /**
         * ChannelName
         * @enum {string}
         */
        ChannelName: "wechat" | "alipay" | "clinic" | "demo";
        /** ChannelPreferenceIn */
        ChannelPreferenceIn: {
            /**
             * Address
             * @description phone number, e-mail address or WeChat openid
             */
            address?: string | null;
            channel: components["schemas"]["OutwardChannel"];
            /** Enabled */
            enabled: boolean;
        };
        /** ChannelPreferenceOut */
        ChannelPreferenceOut: {
            /** Address */
            address: string | null;
            channel: components["schemas"]["OutwardChannel"];
            /** Enabled */
            enabled: boolean;
        };
        /**
         * CheckOut
         * @description What the rules answer of a draft the doctor is writing (nothing is saved).
         */
        CheckOut: {
            /** Allowed */
            allowed: boolean;
            /** Drugs Fen */
            drugs_fen: number;
            /** Lines */
            lines: components["schemas"]["QuoteLine"][];
            /** Refusals */
            refusals: components["schemas"]["RefusalOut"][];
            /** Undecided */
            undecided: number;
            /** Warnings */
            warnings: components["schemas"]["WarningOut"][];
        };
        /** CheckoutIn */
        CheckoutIn: {
            /** Address */
            address?: string | null;
            fulfilment: components["schemas"]["Fulfilment"];
            /** Recipient */
            recipient?: string | null;
            /** Recipient Phone */
            recipient_phone?: string | null;
        };
        /** ClinicDepartmentOut */
        ClinicDepartmentOut: {
            /** Code */
            code: string;
            /** Name */
            name: string;
            /** Name En */
            name_en: string;
        };
        /**
         * ClinicMode
         * @enum {string}
         */
        ClinicMode: "text" | "phone" | "video";
        /** ClinicSlotOut */
        ClinicSlotOut: {
            /**
             * Ends At
             * Format: date-time
             */
            ends_at: string;
            /** Free */
            free: boolean;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Seq */
            seq: number;
            /**
             * Starts At
             * Format: date-time
             */
            starts_at: string;
        };
        /** CodeIn */
        CodeIn: {
            /** Code */
            code: string;
        };
        /** CollectIn */
        CollectIn: {
            /** Carrier */
            carrier: string;
            /** Tracking No */
            tracking_no: string;
        };
        /** CompleteIn */
        CompleteIn: {
            /**
             * Note
             * @description what was done and found (2-500 characters)
             */
            note: string;
        };
        /** ConfirmIn */
        ConfirmIn: {
            /**
             * Keep
             * @description keys of the lines to leave as the record has them
             */
            keep?: string[];
            /** Reason */
            reason?: string | null;
            /**
             * Seen
             * @description the ``seen`` of the lines the clinician decided on
             */
            seen?: string | null;
        };
        /**
         * ConsentBy
         * @description Who gave the informed consent a case records (知情同意).
         * @enum {string}
         */
        ConsentBy: "patient" | "guardian";
        /** ConsentOut */
        ConsentOut: {
            /**
             * Expires At
             * Format: date-time
             */
            expires_at: string;
            /**
             * Granted At
             * Format: date-time
             */
            granted_at: string;
            /** Granted By Name */
            granted_by_name: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Organisation Id
             * Format: uuid
             */
            organisation_id: string;
            /** Organisation Name */
            organisation_name: string;
            /**
             * Patient Id
             * Format: uuid
             */
            patient_id: string;
            /** Revoked At */
            revoked_at: string | null;
            /** Scope */
            scope: string;
        };
        /** ConsultationOut */
        ConsultationOut: {
            /** Actions */
            actions: components["schemas"]["ActionOut"][];
            /** Attachments */
            attachments: components["schemas"]["AttachmentOut"][];
            /** Close Reason */
            close_reason: string | null;
            /** Closed At */
            closed_at: string | null;
            /**
             * Complete Due
             * Format: date-time
             */
            complete_due: string;
            /**
             * Consent At
             * Format: date-time
             */
            consent_at: string;
            consent_by: components["schemas"]["ConsentBy"];
            /** Consent File Id */
            consent_file_id: string | null;
            /** Consent Name */
            consent_name: string;
            /** Consent Relation */
            consent_relation: string | null;
            /** Conversation Id */
            conversation_id: string | null;
            /** Coordinator Joins */
            coordinator_joins: boolean;
            /** Department Id */
            department_id: string | null;
            /** Department Name */
            department_name: string | null;
            /** Departments */
            departments: components["schemas"]["yilian__consultation__schemas__DepartmentOut"][];
            /** Diagnosis Icd10 */
            diagnosis_icd10: string;
            /** Diagnosis Text */
            diagnosis_text: string;
            draft: components["schemas"]["ReportOut"] | null;
            /** Ends At */
            ends_at: string | null;
            /** Expert Id */
            expert_id: string | null;
            /** Expert Name */
            expert_name: string | null;
            /** Experts */
            experts: components["schemas"]["ExpertOut"][];
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Info Request */
            info_request: string | null;
            /**
             * Invited Org Id
             * Format: uuid
             */
            invited_org_id: string;
            /** Invited Org Name */
            invited_org_name: string;
            /**
             * Inviting Org Id
             * Format: uuid
             */
            inviting_org_id: string;
            /** Inviting Org Name */
            inviting_org_name: string;
            kind: components["schemas"]["Kind"];
            /** May Write Report */
            may_write_report: boolean;
            /** Number */
            number: string;
            /** Overdue */
            overdue: boolean;
            /**
             * Patient Id
             * Format: uuid
             */
            patient_id: string;
            /** Patient Joins */
            patient_joins: boolean;
            /** Patient Name */
            patient_name: string;
            /** Preferred Times */
            preferred_times: components["schemas"]["TimeRangeOut"][];
            /** Purpose */
            purpose: string;
            /** Reason */
            reason: string;
            /** Record Snapshot */
            record_snapshot: {
                [key: string]: unknown;
            } | null;
            /** Reported At */
            reported_at: string | null;
            /** Reports */
            reports: components["schemas"]["ReportOut"][];
            /**
             * Requested At
             * Format: date-time
             */
            requested_at: string;
            /** Requested By Name */
            requested_by_name: string;
            /**
             * Schedule Due
             * Format: date-time
             */
            schedule_due: string;
            /** Slot Id */
            slot_id: string | null;
            /** Starts At */
            starts_at: string | null;
            state: components["schemas"]["yilian__consultation__models__State"];
            /** Summary */
            summary: string;
            /** Timeline */
            timeline: components["schemas"]["StepOut"][];
            urgency: components["schemas"]["Urgency"];
            /** Wanted Specialty */
            wanted_specialty: string;
            wanted_title: components["schemas"]["ProfessionalTitle"] | null;
        };
        /**
         * ConsultationSummary
         * @description A row of a list.
         */
        ConsultationSummary: {
            /**
             * Complete Due
             * Format: date-time
             */
            complete_due: string;
            /** Department Name */
            department_name: string | null;
            /** Diagnosis Icd10 */
            diagnosis_icd10: string;
            /** Expert Name */
            expert_name: string | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Invited Org Id
             * Format: uuid
             */
            invited_org_id: string;
            /** Invited Org Name */
            invited_org_name: string;
            /**
             * Inviting Org Id
             * Format: uuid
             */
            inviting_org_id: string;
            /** Inviting Org Name */
            inviting_org_name: string;
            kind: components["schemas"]["Kind"];
            /** Number */
            number: string;
            /** Overdue */
            overdue: boolean;
            /**
             * Patient Id
             * Format: uuid
             */
            patient_id: string;
            /** Patient Name */
            patient_name: string;
            /**
             * Requested At
             * Format: date-time
             */
            requested_at: string;
            /** Requested By Name */
            requested_by_name: string;
            /**
             * Schedule Due
             * Format: date-time
             */
            schedule_due: string;
            /** Starts At */
            starts_at: string | null;
            state: components["schemas"]["yilian__consultation__models__State"];
            urgency: components["schemas"]["Urgency"];
            /** Wanted Specialty */
            wanted_specialty: string;
        };
        /**
         * Control
         * @description 管制类别: specially controlled drugs, never prescribed online.
         * @enum {string}
         */
        Control: "narcotic" | "psychotropic_1" | "psychotropic_2" | "toxic" | "radioactive" | "precursor";
        /** ConversationOut */
        ConversationOut: {
            /**
             * Case Id
             * Format: uuid
             */
            case_id: string;
            /** Case Number */
            case_number: string | null;
            case_type: components["schemas"]["CaseType"];
            /** Closed At */
            closed_at: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Last Seq */
            last_seq: number;
            /** Participants */
            participants: components["schemas"]["ParticipantOut"][];
            state: components["schemas"]["ConversationState"];
            /** Title */
            title: string;
        };
        /**
         * ConversationState
         * @enum {string}
         */
        ConversationState: "open" | "closed";
        /** ConversationSummary */
        ConversationSummary: {
            /**
             * Case Id
             * Format: uuid
             */
            case_id: string;
            /** Case Number */
            case_number: string | null;
            case_type: components["schemas"]["CaseType"];
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Last Activity At
             * Format: date-time
             */
            last_activity_at: string;
            /** Last Message At */
            last_message_at: string | null;
            /** Last Seq */
            last_seq: number;
            /** Role Label */
            role_label: string;
            state: components["schemas"]["ConversationState"];
            /** Title */
            title: string;
            /** Unread */
            unread: number;
        };
        /** CoordinatorIn */
        CoordinatorIn: {
            /** Joins */
            joins: boolean;
        };
        /** CountRow */
        CountRow: {
            /** Cancelled */
            cancelled: number;
            /** Completed */
            completed: number;
            /** Declined */
            declined: number;
            /** Key */
            key: string;
            /** Label */
            label: string;
            /** Open */
            open: number;
            /** Overdue */
            overdue: number;
            /** Requested */
            requested: number;
            /** Turnaround Median Hours */
            turnaround_median_hours: number | null;
            /** Turnaround P90 Hours */
            turnaround_p90_hours: number | null;
        };
        /** DeactivateIn */
        DeactivateIn: {
            /**
             * Reason
             * @description why it is taken off the list (停用原因)
             */
            reason: string;
        };
        /**
         * DecisionIn
         * @description The doctor keeps a line against a warning, saying why.
         */
        DecisionIn: {
            /** Code */
            code: string;
            /** Line */
            line: number;
            /** Reason */
            reason: string;
        };
        /**
         * DepartmentAnswer
         * @enum {string}
         */
        DepartmentAnswer: "pending" | "accepted" | "rejected";
        /**
         * DepartmentChoice
         * @description An active department of the answering organisation that a step may name.
         */
        DepartmentChoice: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Name */
            name: string;
            /** Name En */
            name_en: string;
        };
        /** DepartmentIn */
        DepartmentIn: {
            /**
             * Code
             * @description a catalogue code, or a code of your own with a name
             */
            code: string;
            /**
             * Location
             * @description where it is: building, floor, room
             */
            location?: string | null;
            /**
             * Name
             * @description only for a code not in the catalogue
             */
            name?: string | null;
            /** Name En */
            name_en?: string | null;
            /** Phone */
            phone?: string | null;
        };
        /**
         * DepartmentPatch
         * @description Only the fields sent change; ``head_user_id: null`` removes the head, ``phone: null`` and
         *     ``location: null`` clear them.
         */
        DepartmentPatch: {
            /**
             * Head User Id
             * @description the head (科主任): a user with a clinical role at the organisation
             */
            head_user_id?: string | null;
            /**
             * Location
             * @description where it is: building, floor, room
             */
            location?: string | null;
            /** Name */
            name?: string | null;
            /** Name En */
            name_en?: string | null;
            /** Phone */
            phone?: string | null;
        };
        /**
         * DepartmentsOut
         * @description With a symptom: departments it suggests (a suggestion, never a diagnosis); without one:
         *     the departments holding online clinics in the coming 14 days.
         */
        DepartmentsOut: {
            /** Departments */
            departments: components["schemas"]["ClinicDepartmentOut"][];
            /** Matched */
            matched: string[];
            /** Note En */
            note_en: string | null;
            /** Note Zh */
            note_zh: string | null;
            /** Suggestion */
            suggestion: boolean;
        };
        /** DiagnosisItem */
        DiagnosisItem: {
            /** Code */
            code: string;
            /** Name */
            name: string;
        };
        /** DiagnosisOut */
        DiagnosisOut: {
            /** Code */
            code: string;
            /** Name */
            name: string;
        };
        /**
         * DiffLine
         * @description One line of a reconciliation: a medication or a problem, what the source proposes
         *     against the record's current entry (``entry_id``).
         */
        DiffLine: {
            /**
             * Change
             * @enum {string}
             */
            change: "new" | "stopped" | "changed" | "resolved" | "unchanged";
            /** Decision */
            decision?: ("accept" | "keep") | null;
            /** Dose */
            dose?: string | null;
            /** Dose Before */
            dose_before?: string | null;
            /** Entry Id */
            entry_id?: string | null;
            /** Frequency */
            frequency?: string | null;
            /** Frequency Before */
            frequency_before?: string | null;
            /** Icd10 */
            icd10?: string | null;
            /**
             * Key
             * @description names the line in a decision: medication:<name>, problem:<icd10>
             */
            key: string;
            /** Name */
            name: string;
            /**
             * What
             * @enum {string}
             */
            what: "medication" | "problem";
        };
        /**
         * Direction
         * @enum {string}
         */
        Direction: "up" | "down";
        /** DiscardIn */
        DiscardIn: {
            /** Reason */
            reason: string;
        };
        /** DispatchIn */
        DispatchIn: {
            /**
             * Lead Department Id
             * Format: uuid
             */
            lead_department_id: string;
            /** Supporting Department Ids */
            supporting_department_ids?: string[];
        };
        /** DoctorCard */
        DoctorCard: {
            /**
             * Department Id
             * Format: uuid
             */
            department_id: string;
            /** Department Name */
            department_name: string;
            /**
             * Doctor Id
             * Format: uuid
             */
            doctor_id: string;
            /** Fee Fen */
            fee_fen: number;
            /** Introduction */
            introduction: string;
            /** Modes */
            modes: components["schemas"]["ClinicMode"][];
            /** Name */
            name: string;
            /** Next Free At */
            next_free_at: string | null;
            /**
             * Organisation Id
             * Format: uuid
             */
            organisation_id: string;
            organisation_level: components["schemas"]["OrgLevel"];
            /** Organisation Name */
            organisation_name: string;
            /** Specialties */
            specialties: string[];
            title: components["schemas"]["ProfessionalTitle"] | null;
        };
        /**
         * DoctorOut
         * @description A doctor whose times a coordinator may enter at an organisation.
         */
        DoctorOut: {
            /** Name */
            name: string;
            role: components["schemas"]["Role"];
            /**
             * User Id
             * Format: uuid
             */
            user_id: string;
            /** Verified */
            verified: boolean;
        };
        /** DocumentOut */
        DocumentOut: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Kind */
            kind: string;
            /**
             * Organisation Id
             * Format: uuid
             */
            organisation_id: string;
            /**
             * Recorded At
             * Format: date-time
             */
            recorded_at: string;
            status?: components["schemas"]["RecordStatus"] | null;
            /** Title */
            title: string;
        };
        /** DrugIn */
        DrugIn: {
            antimicrobial?: components["schemas"]["Antimicrobial"] | null;
            /**
             * Atc
             * @description WHO ATC code, 7 characters, e.g. C08CA05
             */
            atc: string;
            /**
             * Code
             * @description the pharmacy's own code, unique at the organisation
             */
            code: string;
            /**
             * Cold Chain
             * @default false
             */
            cold_chain: boolean;
            control?: components["schemas"]["Control"] | null;
            /**
             * Dosage Form
             * @description 剂型 (free text: 片剂, 胶囊剂...)
             */
            dosage_form: string;
            /**
             * Generic Name
             * @description 通用名
             */
            generic_name: string;
            /** @description 医保类别 甲 A, 乙 B, 丙 C */
            insurance?: components["schemas"]["Insurance"] | null;
            /**
             * Max Daily Dose
             * @description in strength_unit
             */
            max_daily_dose?: number | string | null;
            /**
             * Max Single Dose
             * @description in strength_unit
             */
            max_single_dose?: number | string | null;
            /**
             * Package Size
             * @description units in one package
             */
            package_size: number;
            /**
             * Package Unit
             * @description 盒 瓶 支 袋
             */
            package_unit: string;
            /**
             * Price Fen
             * @description one package, in fen
             */
            price_fen: number;
            /** @description the default route */
            route?: components["schemas"]["Route"] | null;
            /**
             * Rx
             * @description prescription-only (处方药)
             * @default true
             */
            rx: boolean;
            /**
             * Specification
             * @description 规格, e.g. 30mg×7片
             */
            specification: string;
            /**
             * Strength
             * @description active ingredient in one unit, in strength_unit
             */
            strength: number | string;
            /**
             * Strength Unit
             * @description mg g μg ml IU 万U mmol
             */
            strength_unit: string;
            /**
             * Trade Name
             * @description 商品名
             */
            trade_name?: string | null;
            /**
             * Unit
             * @description the smallest unit: 片 粒 袋 支...
             */
            unit: string;
        };
        /** DrugOut */
        DrugOut: {
            /** Active */
            active: boolean;
            antimicrobial: components["schemas"]["Antimicrobial"] | null;
            /** Atc */
            atc: string;
            /** Code */
            code: string;
            /** Cold Chain */
            cold_chain: boolean;
            control: components["schemas"]["Control"] | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Dosage Form */
            dosage_form: string;
            /** Generic Name */
            generic_name: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            insurance: components["schemas"]["Insurance"] | null;
            /** Max Daily Dose */
            max_daily_dose: number | null;
            /** Max Single Dose */
            max_single_dose: number | null;
            /**
             * May Edit
             * @description the reader may edit the catalogue and its stock
             */
            may_edit: boolean;
            /**
             * Organisation Id
             * Format: uuid
             */
            organisation_id: string;
            /** Package Size */
            package_size: number;
            /** Package Unit */
            package_unit: string;
            /**
             * Pinyin
             * @description the names' initials, for search: XBDPKSP BXT
             */
            pinyin: string;
            /** Price Fen */
            price_fen: number;
            route: components["schemas"]["Route"] | null;
            /** Rx */
            rx: boolean;
            /** Specification */
            specification: string;
            /**
             * Stock Packages
             * @description packages in batches not expired
             */
            stock_packages: number;
            /** Strength */
            strength: number;
            /** Strength Unit */
            strength_unit: string;
            /** Trade Name */
            trade_name: string | null;
            /** Unit */
            unit: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
        };
        /**
         * DrugPatch
         * @description The fields sent change; null clears an optional one.
         */
        DrugPatch: {
            antimicrobial?: components["schemas"]["Antimicrobial"] | null;
            /** Atc */
            atc?: string | null;
            /** Code */
            code?: string | null;
            /** Cold Chain */
            cold_chain?: boolean | null;
            control?: components["schemas"]["Control"] | null;
            /** Dosage Form */
            dosage_form?: string | null;
            /** Generic Name */
            generic_name?: string | null;
            insurance?: components["schemas"]["Insurance"] | null;
            /** Max Daily Dose */
            max_daily_dose?: number | string | null;
            /** Max Single Dose */
            max_single_dose?: number | string | null;
            /** Package Size */
            package_size?: number | null;
            /** Package Unit */
            package_unit?: string | null;
            /** Price Fen */
            price_fen?: number | null;
            route?: components["schemas"]["Route"] | null;
            /** Rx */
            rx?: boolean | null;
            /** Specification */
            specification?: string | null;
            /** Strength */
            strength?: number | string | null;
            /** Strength Unit */
            strength_unit?: string | null;
            /** Trade Name */
            trade_name?: string | null;
            /** Unit */
            unit?: string | null;
        };
        /**
         * Empty
         * @description A step that takes no details.
         */
        Empty: Record<string, never>;
        /** EncounterIn */
        EncounterIn: {
            /**
             * Kind
             * @enum {string}
             */
            kind: "outpatient" | "inpatient" | "emergency" | "online" | "home_visit" | "follow_up";
            /**
             * Started At
             * Format: date-time
             * @description an ISO 8601 date and time with its offset, e.g. 2026-11-24T10:00:00+08:00; 1900-01-01 to 2099-12-31
             */
            started_at: string;
            /** Summary */
            summary?: string | null;
        };
        /** EncounterOut */
        EncounterOut: {
            /** Case Id */
            case_id?: string | null;
            /** Case Number */
            case_number?: string | null;
            /** Case Type */
            case_type?: string | null;
            /** Document Id */
            document_id?: string | null;
            /** Ended At */
            ended_at?: string | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Kind */
            kind: string;
            /**
             * Length Of Stay Days
             * @description a stay's nights: calendar days from admission to discharge
             */
            length_of_stay_days?: number | null;
            /**
             * Organisation Id
             * Format: uuid
             */
            organisation_id: string;
            /** Organisation Name */
            organisation_name: string;
            /**
             * Recorded At
             * Format: date-time
             */
            recorded_at: string;
            /**
             * Started At
             * Format: date-time
             */
            started_at: string;
            status?: components["schemas"]["RecordStatus"] | null;
            /** Summary */
            summary: string | null;
        };
        /**
         * EndReason
         * @enum {string}
         */
        EndReason: "left" | "disconnected" | "removed" | "closed" | "expired";
        /** ExpertOut */
        ExpertOut: {
            /** Department Id */
            department_id: string | null;
            /** Department Name */
            department_name: string | null;
            /** Name */
            name: string;
            /** Opinion */
            opinion: string | null;
            /** Opinion At */
            opinion_at: string | null;
            role: components["schemas"]["ExpertRole"];
            title: components["schemas"]["ProfessionalTitle"] | null;
            /**
             * User Id
             * Format: uuid
             */
            user_id: string;
        };
        /**
         * ExpertRole
         * @enum {string}
         */
        ExpertRole: "expert" | "chief" | "secondary";
        /** FeeTierIn */
        FeeTierIn: {
            /**
             * Fee Fen
             * @description 挂号费 in fen
             */
            fee_fen: number;
            /** @description this mode only; any mode when omitted */
            mode?: components["schemas"]["ClinicMode"] | null;
            title: components["schemas"]["ProfessionalTitle"];
        };
        /** FeeTierOut */
        FeeTierOut: {
            /** Fee Fen */
            fee_fen: number;
            mode: components["schemas"]["ClinicMode"] | null;
            title: components["schemas"]["ProfessionalTitle"];
            /** Title Label */
            title_label: string;
        };
        /**
         * FeesIn
         * @description Every tier of the organisation: the tiers not named are removed.
         */
        FeesIn: {
            /** Tiers */
            tiers: components["schemas"]["FeeTierIn"][];
        };
        /** FeesOut */
        FeesOut: {
            /**
             * Organisation Id
             * Format: uuid
             */
            organisation_id: string;
            /** Tiers */
            tiers: components["schemas"]["FeeTierOut"][];
        };
        /**
         * FollowUpItem
         * @description A follow-up the upper hospital asks of the community (a down-referral).
         */
        FollowUpItem: {
            /**
             * Days
             * @description due this many days after the clinic accepts
             */
            days: number;
            /** Detail */
            detail?: string | null;
            /** Title */
            title: string;
        };
        /**
         * Fulfilment
         * @enum {string}
         */
        Fulfilment: "delivery" | "pickup";
        /** GrantIn */
        GrantIn: {
            /**
             * Organisation Id
             * Format: uuid
             */
            organisation_id: string;
            role: components["schemas"]["Role"];
            /** Valid From */
            valid_from?: string | null;
            /** Valid Until */
            valid_until?: string | null;
        };
        /** GrantOut */
        GrantOut: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Organisation Id
             * Format: uuid
             */
            organisation_id: string;
            /** Organisation Name */
            organisation_name: string;
            /** Revoked At */
            revoked_at: string | null;
            role: components["schemas"]["Role"];
            /**
             * Valid From
             * Format: date-time
             */
            valid_from: string;
            /** Valid Until */
            valid_until: string | null;
        };
        /** HandIn */
        HandIn: {
            /** Raised */
            raised: boolean;
            /** User Id */
            user_id?: string | null;
        };
        /** HandOverIn */
        HandOverIn: {
            /** Code */
            code: string;
            /** Usage Explained */
            usage_explained: boolean;
        };
        /**
         * IceServer
         * @description One entry of RTCConfiguration.iceServers.
         */
        IceServer: {
            /** Credential */
            credential?: string | null;
            /** Urls */
            urls: string[];
            /** Username */
            username?: string | null;
        };
        /** IceServersOut */
        IceServersOut: {
            /** Ice Servers */
            ice_servers: components["schemas"]["IceServer"][];
            /** Ttl Seconds */
            ttl_seconds: number;
        };
        /** IdentifiersIn */
        IdentifiersIn: {
            /**
             * Purpose
             * @description why the full identifiers are needed; the patient sees it
             */
            purpose: string;
        };
        /** ImportDetailOut */
        ImportDetailOut: {
            /** Added */
            added: number;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Created By
             * Format: uuid
             */
            created_by: string;
            /** Created By Name */
            created_by_name: string | null;
            /**
             * Failure
             * @description why a failed import stopped, as a code: interrupted, file-content-missing, file-too-large, catalogue-unreadable...
             */
            failure: string | null;
            /**
             * File Id
             * Format: uuid
             */
            file_id: string;
            /** Filename */
            filename: string;
            /** Finished At */
            finished_at: string | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Ignored Columns
             * @description headers that are not the format's
             */
            ignored_columns: string[];
            /**
             * Inactive Codes
             * @description rows matching inactive drugs: updated, still inactive
             */
            inactive_codes: string[];
            /**
             * Organisation Id
             * Format: uuid
             */
            organisation_id: string;
            /** Problem Count */
            problem_count: number;
            /**
             * Problems
             * @description the first 1000; problem_count says how many there are
             */
            problems: components["schemas"]["ImportProblemOut"][];
            /**
             * Rows Done
             * @description rows checked; the changes are written after the last
             */
            rows_done: number;
            state: components["schemas"]["ImportState"];
            /** Total Rows */
            total_rows: number;
            /** Unchanged */
            unchanged: number;
            /** Updated */
            updated: number;
        };
        /** ImportIn */
        ImportIn: {
            /**
             * File Id
             * Format: uuid
             * @description an upload of your own: CSV (UTF-8) or .xlsx
             */
            file_id: string;
        };
        /** ImportOut */
        ImportOut: {
            /** Added */
            added: number;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Created By
             * Format: uuid
             */
            created_by: string;
            /** Created By Name */
            created_by_name: string | null;
            /**
             * Failure
             * @description why a failed import stopped, as a code: interrupted, file-content-missing, file-too-large, catalogue-unreadable...
             */
            failure: string | null;
            /**
             * File Id
             * Format: uuid
             */
            file_id: string;
            /** Filename */
            filename: string;
            /** Finished At */
            finished_at: string | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Ignored Columns
             * @description headers that are not the format's
             */
            ignored_columns: string[];
            /**
             * Inactive Codes
             * @description rows matching inactive drugs: updated, still inactive
             */
            inactive_codes: string[];
            /**
             * Organisation Id
             * Format: uuid
             */
            organisation_id: string;
            /** Problem Count */
            problem_count: number;
            /**
             * Rows Done
             * @description rows checked; the changes are written after the last
             */
            rows_done: number;
            state: components["schemas"]["ImportState"];
            /** Total Rows */
            total_rows: number;
            /** Unchanged */
            unchanged: number;
            /** Updated */
            updated: number;
        };
        /** ImportProblemOut */
        ImportProblemOut: {
            /**
             * Code
             * @description missing-value, unknown-value, bad-number, bad-price, bad-package-size, bad-atc, duplicate-code, too-long, bad-text
             */
            code: string;
            /**
             * Column
             * @description the format's English name of the column
             */
            column: string;
            /**
             * Header
             * @description the column's header as the file wrote it
             */
            header: string;
            /** Message En */
            message_en: string;
            /** Message Zh */
            message_zh: string;
            /**
             * Row
             * @description as the spreadsheet numbers it: the header is row 1
             */
            row: number;
            /** Value */
            value: string;
        };
        /**
         * ImportState
         * @enum {string}
         */
        ImportState: "running" | "rejected" | "done" | "failed";
        /** InfoRequestIn */
        InfoRequestIn: {
            /** Request */
            request: string;
        };
        /**
         * Insurance
         * @description 医保类别 甲 乙 丙.
         * @enum {string}
         */
        Insurance: "A" | "B" | "C";
        /** IssuedDocumentOut */
        IssuedDocumentOut: {
            /** Entity Id */
            entity_id: string;
            /** Entity Type */
            entity_type: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Issued At
             * Format: date-time
             */
            issued_at: string;
            /**
             * Issued By
             * Format: uuid
             */
            issued_by: string;
            /** Kind */
            kind: string;
            /** Number */
            number: string;
            /**
             * Organisation Id
             * Format: uuid
             */
            organisation_id: string;
            /** Organisation Name */
            organisation_name: string;
            /** Patient Id */
            patient_id: string | null;
            /** Sha256 */
            sha256: string;
            /** Size */
            size: number;
            /** Superseded By Id */
            superseded_by_id?: string | null;
            /** Supersedes Id */
            supersedes_id: string | null;
            /** Title */
            title: string;
        };
        /** JoinOut */
        JoinOut: {
            /**
             * Attendance Id
             * Format: uuid
             */
            attendance_id: string;
            /**
             * Conversation Id
             * Format: uuid
             */
            conversation_id: string;
            /** Ice Servers */
            ice_servers: components["schemas"]["IceServer"][];
            /** Max Participants */
            max_participants: number;
            mode: components["schemas"]["RoomMode"];
            /** Peers */
            peers: components["schemas"]["PeerOut"][];
            sfu?: components["schemas"]["SfuJoin"] | null;
            /** Ttl Seconds */
            ttl_seconds: number;
        };
        /**
         * Kind
         * @enum {string}
         */
        Kind: "single" | "mdt";
        /** KindTodo */
        KindTodo: {
            /**
             * More
             * @description more cases were waiting than the workbench looked at
             */
            more: boolean;
            /**
             * Total
             * @description how many of this kind wait for me
             */
            total: number;
            /** Type */
            type: string;
        };
        /** LineIn */
        LineIn: {
            /** Days */
            days: number;
            /**
             * Dose
             * @description per administration, in dose_unit
             */
            dose: number | string;
            /**
             * Dose Unit
             * @description the drug's strength unit (mg) or its unit (片)
             */
            dose_unit: string;
            /**
             * Drug Id
             * Format: uuid
             */
            drug_id: string;
            /**
             * Frequency
             * @description qd bid tid qid q6h q8h q12h qn qod qw biw prn st
             */
            frequency: string;
            /** Prn Max Per Day */
            prn_max_per_day?: number | null;
            route: components["schemas"]["Route"];
        };
        /** LineOut */
        LineOut: {
            /** Amount Fen */
            amount_fen: number;
            /** Batches */
            batches: unknown[][];
            /** Days */
            days: number;
            /** Dose */
            dose: number;
            /** Dose Unit */
            dose_unit: string;
            /** Drug Code */
            drug_code: string;
            /**
             * Drug Id
             * Format: uuid
             */
            drug_id: string;
            /** Frequency */
            frequency: string;
            /** Generic Name */
            generic_name: string;
            /** Package Unit */
            package_unit: string;
            /** Position */
            position: number;
            /** Prn Max Per Day */
            prn_max_per_day: number | null;
            /** Quantity */
            quantity: number;
            route: components["schemas"]["Route"];
            /** Specification */
            specification: string;
            /** Unit Fen */
            unit_fen: number;
        };
        /** LoginIn */
        LoginIn: {
            /** Password */
            password: string;
            /**
             * Token In Body
             * @default false
             */
            token_in_body: boolean;
            /** Username */
            username: string;
        };
        /** LoginOut */
        LoginOut: {
            /** Csrf Token */
            csrf_token?: string | null;
            me?: components["schemas"]["Me"] | null;
            /** Mfa Token */
            mfa_token?: string | null;
            /**
             * Status
             * @enum {string}
             */
            status: "ok" | "totp_required";
            /** Token */
            token?: string | null;
        };
        /** Me */
        Me: {
            active_grant: components["schemas"]["GrantOut"] | null;
            /** Display Name */
            display_name: string;
            /** Grants */
            grants: components["schemas"]["GrantOut"][];
            /**
             * Id
             * Format: uuid
             */
            id: string;
            kind: components["schemas"]["UserKind"];
            patient: components["schemas"]["PatientRef"] | null;
            practitioner: components["schemas"]["PractitionerOut"] | null;
            /** Proxied Patients */
            proxied_patients: components["schemas"]["PatientRef"][];
            /** Totp Enabled */
            totp_enabled: boolean;
            /** Totp Required */
            totp_required: boolean;
            /** Username */
            username: string;
        };
        /** MedicationIn */
        MedicationIn: {
            /** Dose */
            dose?: string | null;
            /** End Date */
            end_date?: string | null;
            /** Frequency */
            frequency?: string | null;
            /** Name */
            name: string;
            /** Start Date */
            start_date?: string | null;
        };
        /** MedicationItem */
        MedicationItem: {
            /** Dose */
            dose?: string | null;
            /** Frequency */
            frequency?: string | null;
            /** Name */
            name: string;
        };
        /** MedicationOut */
        MedicationOut: {
            /** Dose */
            dose: string | null;
            /** End Date */
            end_date: string | null;
            /** Frequency */
            frequency: string | null;
            /**
             * History
             * @description earlier versions, newest first
             */
            history?: components["schemas"]["MedicationVersion"][];
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Name */
            name: string;
            /**
             * Organisation Id
             * Format: uuid
             */
            organisation_id: string;
            /**
             * Recorded At
             * Format: date-time
             */
            recorded_at: string;
            /** Start Date */
            start_date: string | null;
            status?: components["schemas"]["RecordStatus"] | null;
            /** Superseded At */
            superseded_at?: string | null;
        };
        /** MedicationVersion */
        MedicationVersion: {
            /** Dose */
            dose: string | null;
            /** End Date */
            end_date: string | null;
            /** Frequency */
            frequency: string | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Name */
            name: string;
            /**
             * Organisation Id
             * Format: uuid
             */
            organisation_id: string;
            /**
             * Recorded At
             * Format: date-time
             */
            recorded_at: string;
            /** Start Date */
            start_date: string | null;
            status?: components["schemas"]["RecordStatus"] | null;
            /** Superseded At */
            superseded_at?: string | null;
        };
        /**
         * MessageIn
         * @description Either a text or a completed upload's file id.
         */
        MessageIn: {
            /** File Id */
            file_id?: string | null;
            /** Text */
            text?: string | null;
        };
        /**
         * MessageKind
         * @enum {string}
         */
        MessageKind: "text" | "file" | "image" | "system" | "retraction";
        /** MessageOut */
        MessageOut: {
            /** Code */
            code?: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            file: components["schemas"]["yilian__messaging__conversations__schemas__FileOut"] | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            kind: components["schemas"]["MessageKind"];
            /** Params */
            params?: {
                [key: string]: string;
            };
            /** Retracted */
            retracted: boolean;
            /** Retracts Id */
            retracts_id: string | null;
            /** Sender Id */
            sender_id: string | null;
            /** Sender Name */
            sender_name: string | null;
            /** Seq */
            seq: number;
            /** Text */
            text: string | null;
        };
        /**
         * MessagePage
         * @description Messages in seq order; ``more``: there are older ones (backward) or newer ones (``after``).
         */
        MessagePage: {
            /** Items */
            items: components["schemas"]["MessageOut"][];
            /** Last Seq */
            last_seq: number;
            /** More */
            more: boolean;
        };
        /**
         * MoveIn
         * @description After 停诊: another session of the same doctor or department, at the same fee.
         */
        MoveIn: {
            /**
             * Session Id
             * Format: uuid
             */
            session_id: string;
            /** Slot Id */
            slot_id?: string | null;
        };
        /**
         * MoveOption
         * @description A session a stopped visit may move to. One at another fee is listed (same_fee false)
         *     but refused: the patient takes the refund and books it instead.
         */
        MoveOption: {
            /**
             * Department Id
             * Format: uuid
             */
            department_id: string;
            /** Department Name */
            department_name: string;
            /**
             * Doctor Id
             * Format: uuid
             */
            doctor_id: string;
            /** Doctor Name */
            doctor_name: string;
            /**
             * Ends At
             * Format: date-time
             */
            ends_at: string;
            /** Fee Fen */
            fee_fen: number;
            /** Free Slots */
            free_slots: number;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            mode: components["schemas"]["ClinicMode"];
            /**
             * Organisation Id
             * Format: uuid
             */
            organisation_id: string;
            /** Organisation Name */
            organisation_name: string;
            /** Same Fee */
            same_fee: boolean;
            /** Slots */
            slots: components["schemas"]["ClinicSlotOut"][];
            /**
             * Starts At
             * Format: date-time
             */
            starts_at: string;
        };
        /** MuteIn */
        MuteIn: {
            /** Muted */
            muted: boolean;
        };
        /** NotificationOut */
        NotificationOut: {
            /** Body */
            body: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Entity Id */
            entity_id: string | null;
            /** Entity Type */
            entity_type: string | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Link */
            link: string | null;
            /** Read At */
            read_at: string | null;
            /** Template */
            template: string;
            /** Title */
            title: string;
        };
        /** OpenCount */
        OpenCount: {
            /** Incoming Accepted */
            incoming_accepted: number;
            /** Incoming Arrived */
            incoming_arrived: number;
            /** Incoming Requested */
            incoming_requested: number;
            /**
             * Organisation Id
             * Format: uuid
             */
            organisation_id: string;
            /** Organisation Name */
            organisation_name: string;
            /** Outgoing Open */
            outgoing_open: number;
            /** Overdue */
            overdue: number;
        };
        /**
         * OpenSessionOut
         * @description A session a patient may book: its slots and whether each is free.
         */
        OpenSessionOut: {
            /**
             * Department Id
             * Format: uuid
             */
            department_id: string;
            /** Department Name */
            department_name: string;
            /**
             * Ends At
             * Format: date-time
             */
            ends_at: string;
            /** Fee Fen */
            fee_fen: number;
            /** Free Slots */
            free_slots: number;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            mode: components["schemas"]["ClinicMode"];
            /**
             * Organisation Id
             * Format: uuid
             */
            organisation_id: string;
            /** Organisation Name */
            organisation_name: string;
            /** Slots */
            slots: components["schemas"]["ClinicSlotOut"][];
            /**
             * Starts At
             * Format: date-time
             */
            starts_at: string;
        };
        /** OpinionIn */
        OpinionIn: {
            /** Opinion */
            opinion: string;
        };
        /**
         * OrderState
         * @enum {string}
         */
        OrderState: "pending" | "paid" | "cancelled" | "lapsed" | "refunded" | "partially_refunded";
        /**
         * OrgKind
         * @enum {string}
         */
        OrgKind: "general_hospital" | "tcm_hospital" | "maternal_child" | "health_centre" | "village_clinic" | "community_centre" | "pharmacy" | "clinic";
        /**
         * OrgLevel
         * @enum {string}
         */
        OrgLevel: "province" | "city" | "county" | "town" | "village" | "community" | "pharmacy" | "school_clinic" | "enterprise_clinic";
        /** OrganisationIn */
        OrganisationIn: {
            /** Address */
            address?: string | null;
            /**
             * Division Code
             * @description 6-digit administrative-division code (行政区划代码)
             */
            division_code: string;
            kind: components["schemas"]["OrgKind"];
            level: components["schemas"]["OrgLevel"];
            /** Name */
            name: string;
            /** Parent Id */
            parent_id?: string | null;
            /** Phone */
            phone?: string | null;
            /** Short Name */
            short_name?: string | null;
        };
        /** OrganisationNode */
        OrganisationNode: {
            /** Active */
            active: boolean;
            /** Children */
            children?: components["schemas"]["OrganisationNode"][];
            /** Division Code */
            division_code: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            kind: components["schemas"]["OrgKind"];
            level: components["schemas"]["OrgLevel"];
            /** Name */
            name: string;
            /** Short Name */
            short_name: string | null;
        };
        /** OrganisationOut */
        OrganisationOut: {
            /** Active */
            active: boolean;
            /** Address */
            address: string | null;
            /** Division Code */
            division_code: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            kind: components["schemas"]["OrgKind"];
            level: components["schemas"]["OrgLevel"];
            /** Name */
            name: string;
            /** Parent Id */
            parent_id: string | null;
            /** Path */
            path: string;
            /** Phone */
            phone: string | null;
            /** Short Name */
            short_name: string | null;
        };
        /**
         * OrganisationPatch
         * @description Only the fields sent change; ``null`` clears an optional field.
         */
        OrganisationPatch: {
            /** Address */
            address?: string | null;
            /** Division Code */
            division_code?: string | null;
            kind?: components["schemas"]["OrgKind"] | null;
            level?: components["schemas"]["OrgLevel"] | null;
            /** Name */
            name?: string | null;
            /** Parent Id */
            parent_id?: string | null;
            /** Phone */
            phone?: string | null;
            /** Short Name */
            short_name?: string | null;
        };
        /**
         * OutpatientRecordIn
         * @description The outpatient record (门诊病历) the doctor signs.
         */
        OutpatientRecordIn: {
            /** Advice */
            advice: string;
            /** Chief Complaint */
            chief_complaint: string;
            /** Diagnosis Icd10 */
            diagnosis_icd10: string;
            /** Diagnosis Text */
            diagnosis_text: string;
            /**
             * Examination
             * @default
             */
            examination: string;
            /** History */
            history: string;
        };
        /** OutpatientRecordOut */
        OutpatientRecordOut: {
            /** Advice */
            advice: string;
            /** Chief Complaint */
            chief_complaint: string;
            /** Diagnosis Icd10 */
            diagnosis_icd10: string;
            /** Diagnosis Text */
            diagnosis_text: string;
            /** Examination */
            examination: string;
            /** History */
            history: string;
        };
        /**
         * OutwardChannel
         * @enum {string}
         */
        OutwardChannel: "sms" | "wechat" | "email";
        /** Page[AccessLogEntry] */
        Page_AccessLogEntry_: {
            /** Items */
            items: components["schemas"]["AccessLogEntry"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** Page[AccessRow] */
        Page_AccessRow_: {
            /** Items */
            items: components["schemas"]["AccessRow"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** Page[AgreementOut] */
        Page_AgreementOut_: {
            /** Items */
            items: components["schemas"]["AgreementOut"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** Page[AuditRow] */
        Page_AuditRow_: {
            /** Items */
            items: components["schemas"]["AuditRow"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** Page[CentreOut] */
        Page_CentreOut_: {
            /** Items */
            items: components["schemas"]["CentreOut"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** Page[ConsultationSummary] */
        Page_ConsultationSummary_: {
            /** Items */
            items: components["schemas"]["ConsultationSummary"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** Page[ConversationSummary] */
        Page_ConversationSummary_: {
            /** Items */
            items: components["schemas"]["ConversationSummary"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** Page[DoctorCard] */
        Page_DoctorCard_: {
            /** Items */
            items: components["schemas"]["DoctorCard"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** Page[DrugOut] */
        Page_DrugOut_: {
            /** Items */
            items: components["schemas"]["DrugOut"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** Page[ImportOut] */
        Page_ImportOut_: {
            /** Items */
            items: components["schemas"]["ImportOut"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** Page[NotificationOut] */
        Page_NotificationOut_: {
            /** Items */
            items: components["schemas"]["NotificationOut"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** Page[OrganisationOut] */
        Page_OrganisationOut_: {
            /** Items */
            items: components["schemas"]["OrganisationOut"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** Page[PatientSummary] */
        Page_PatientSummary_: {
            /** Items */
            items: components["schemas"]["PatientSummary"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** Page[PaymentOrderOut] */
        Page_PaymentOrderOut_: {
            /** Items */
            items: components["schemas"]["PaymentOrderOut"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** Page[PrescriptionSummary] */
        Page_PrescriptionSummary_: {
            /** Items */
            items: components["schemas"]["PrescriptionSummary"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** Page[ReferralSummary] */
        Page_ReferralSummary_: {
            /** Items */
            items: components["schemas"]["ReferralSummary"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** Page[SessionOut] */
        Page_SessionOut_: {
            /** Items */
            items: components["schemas"]["SessionOut"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** Page[StockOut] */
        Page_StockOut_: {
            /** Items */
            items: components["schemas"]["StockOut"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** Page[TaskOut] */
        Page_TaskOut_: {
            /** Items */
            items: components["schemas"]["TaskOut"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** Page[UserOut] */
        Page_UserOut_: {
            /** Items */
            items: components["schemas"]["UserOut"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** Page[VisitSummary] */
        Page_VisitSummary_: {
            /** Items */
            items: components["schemas"]["VisitSummary"][];
            /** Next Cursor */
            next_cursor?: string | null;
        };
        /** PairRow */
        PairRow: {
            /** Acceptance Rate */
            acceptance_rate: number | null;
            /** Accepted */
            accepted: number;
            direction: components["schemas"]["Direction"];
            /** Hours To Acceptance Median */
            hours_to_acceptance_median: number | null;
            /** No Shows */
            no_shows: number;
            /** Rejected */
            rejected: number;
            /** Requested */
            requested: number;
            /** Returned */
            returned: number;
            /**
             * Source Org Id
             * Format: uuid
             */
            source_org_id: string;
            /** Source Org Name */
            source_org_name: string;
            /**
             * Target Org Id
             * Format: uuid
             */
            target_org_id: string;
            /** Target Org Name */
            target_org_name: string;
        };
        /** ParticipantOut */
        ParticipantOut: {
            /**
             * Added At
             * Format: date-time
             */
            added_at: string;
            /** Display Name */
            display_name: string;
            /** Last Read Seq */
            last_read_seq: number;
            /** Role Label */
            role_label: string;
            /**
             * User Id
             * Format: uuid
             */
            user_id: string;
        };
        /** PassIn */
        PassIn: {
            /** Countersign Note */
            countersign_note?: string | null;
            /** Note */
            note?: string | null;
        };
        /** PasswordChangeIn */
        PasswordChangeIn: {
            /** Current Password */
            current_password: string;
            /** New Password */
            new_password: string;
        };
        /**
         * PasswordResetIn
         * @description A new password an administrator sets (and hands over in person); sessions end.
         */
        PasswordResetIn: {
            /** Password */
            password: string;
        };
        /** PatientAccountCreate */
        PatientAccountCreate: {
            /** Display Name */
            display_name: string;
            /** Password */
            password: string;
            /**
             * Patient Id
             * Format: uuid
             */
            patient_id: string;
            /** Username */
            username: string;
        };
        /** PatientIdentifiers */
        PatientIdentifiers: {
            /** Address */
            address: string | null;
            /** Insurance No */
            insurance_no: string | null;
            /** Phone */
            phone: string | null;
            /** Resident Id */
            resident_id: string;
        };
        /** PatientIn */
        PatientIn: {
            /** Address */
            address?: string | null;
            /**
             * Birth Date
             * Format: date
             * @description an ISO 8601 date, e.g. 2026-11-24; 1900-01-01 to 2099-12-31
             */
            birth_date: string;
            /**
             * Home Organisation Id
             * Format: uuid
             */
            home_organisation_id: string;
            /** Insurance No */
            insurance_no?: string | null;
            /** Name */
            name: string;
            /** Phone */
            phone?: string | null;
            /**
             * Resident Id
             * @description 居民身份证号码
             */
            resident_id: string;
            sex: components["schemas"]["Sex"];
        };
        /**
         * PatientOut
         * @description Identifiers come masked (minimum disclosure); ``may_reveal`` says whether this reader may
         *     ask for them in full (POST .../identifiers, with a purpose).
         */
        PatientOut: {
            access: components["schemas"]["Access"];
            /** Address Masked */
            address_masked: string | null;
            /** Age */
            age: number;
            /**
             * Birth Date
             * Format: date
             */
            birth_date: string;
            /**
             * Home Organisation Id
             * Format: uuid
             */
            home_organisation_id: string;
            /** Home Organisation Name */
            home_organisation_name: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Insurance No Masked */
            insurance_no_masked: string | null;
            /** May Reveal */
            may_reveal: boolean;
            /** Name */
            name: string;
            /** Phone Masked */
            phone_masked: string | null;
            /** Resident Id Masked */
            resident_id_masked: string;
            sex: components["schemas"]["Sex"];
        };
        /** PatientPatch */
        PatientPatch: {
            /** Address */
            address?: string | null;
            /** Home Organisation Id */
            home_organisation_id?: string | null;
            /** Insurance No */
            insurance_no?: string | null;
            /** Name */
            name?: string | null;
            /** Phone */
            phone?: string | null;
        };
        /** PatientRef */
        PatientRef: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Name */
            name: string;
            relation?: components["schemas"]["ProxyRelation"] | null;
        };
        /** PatientSummary */
        PatientSummary: {
            /** Age */
            age: number;
            /**
             * Birth Date
             * Format: date
             */
            birth_date: string;
            /**
             * Home Organisation Id
             * Format: uuid
             */
            home_organisation_id: string;
            /** Home Organisation Name */
            home_organisation_name: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Name */
            name: string;
            /** Phone Masked */
            phone_masked: string | null;
            /** Resident Id Masked */
            resident_id_masked: string;
            sex: components["schemas"]["Sex"];
        };
        /** PayIn */
        PayIn: {
            /**
             * Channel
             * @enum {string}
             */
            channel: "wechat" | "alipay" | "clinic" | "demo";
        };
        /** PayOut */
        PayOut: {
            channel: components["schemas"]["ChannelName"];
            /** Label En */
            label_en: string;
            /** Label Zh */
            label_zh: string;
            /**
             * Order Id
             * Format: uuid
             */
            order_id: string;
            /**
             * Params
             * @description what the browser or phone needs to pay: WeChat code_url, Alipay pay_url, the clinic's instructions, the demo page's amount
             */
            params: {
                [key: string]: unknown;
            };
        };
        /** PaymentCancelIn */
        PaymentCancelIn: {
            /**
             * Reason
             * @default payer cancelled
             */
            reason: string;
        };
        /** PaymentChannelIn */
        PaymentChannelIn: {
            channel: components["schemas"]["ChannelName"];
            /** Enabled */
            enabled: boolean;
            /**
             * Secrets
             * @description write-only; replaces those sent, the others stay
             */
            secrets?: {
                [key: string]: string;
            } | null;
            /**
             * Settings
             * @description replaces the settings sent; those not sent stay
             */
            settings?: {
                [key: string]: string;
            } | null;
        };
        /** PaymentChannelOut */
        PaymentChannelOut: {
            channel: components["schemas"]["ChannelName"];
            /** Enabled */
            enabled: boolean;
            /** Label En */
            label_en: string;
            /** Label Zh */
            label_zh: string;
            /** Missing */
            missing: string[];
            /**
             * Secrets Set
             * @description which secrets are stored (never their values)
             */
            secrets_set: string[];
            /**
             * Settings
             * @description what is not secret
             */
            settings: {
                [key: string]: string;
            };
            /** Updated At */
            updated_at: string | null;
            /**
             * Usable
             * @description enabled and, for a gateway, fully configured
             */
            usable: boolean;
        };
        /** PaymentChannelTotal */
        PaymentChannelTotal: {
            channel: components["schemas"]["ChannelName"];
            /** Net Fen */
            net_fen: number;
            /** Paid Fen */
            paid_fen: number;
            /** Payments */
            payments: number;
            /** Refunded Fen */
            refunded_fen: number;
            /** Refunds */
            refunds: number;
        };
        /** PaymentChannelsOut */
        PaymentChannelsOut: {
            /** Channels */
            channels: components["schemas"]["PaymentChannelOut"][];
            /**
             * Demo Enabled
             * @description the demo channel is on (settings.demo_payments)
             */
            demo_enabled: boolean;
            /**
             * Organisation Id
             * Format: uuid
             */
            organisation_id: string;
        };
        /** PaymentCollectIn */
        PaymentCollectIn: {
            /**
             * Amount Fen
             * @description must equal the amount due
             */
            amount_fen: number;
            /**
             * Receipt No
             * @description the number of the paper or till receipt
             */
            receipt_no: string;
        };
        /** PaymentItemOut */
        PaymentItemOut: {
            /** Amount Fen */
            amount_fen: number;
            /** Code */
            code: string;
            /** Name */
            name: string;
            /** Quantity */
            quantity: number;
            /** Unit Fen */
            unit_fen: number;
        };
        /** PaymentMovementOut */
        PaymentMovementOut: {
            /**
             * Amount Fen
             * @description paid in (positive) or refunded (negative)
             */
            amount_fen: number;
            /**
             * At
             * Format: date-time
             */
            at: string;
            channel: components["schemas"]["ChannelName"];
            /**
             * Channel Ref
             * @description the gateway's transaction or refund id, or the receipt number
             */
            channel_ref: string | null;
            /**
             * Kind
             * @enum {string}
             */
            kind: "payment" | "refund";
            /**
             * Order Id
             * Format: uuid
             */
            order_id: string;
            /** Order Number */
            order_number: string;
            /** Refund Number */
            refund_number: string | null;
        };
        /** PaymentNotifyAck */
        PaymentNotifyAck: {
            /**
             * Code
             * @constant
             */
            code: "SUCCESS";
            /**
             * Message
             * @default
             */
            message: string;
        };
        /** PaymentOrderOut */
        PaymentOrderOut: {
            channel: components["schemas"]["ChannelName"] | null;
            /** Channel Trade No */
            channel_trade_no: string | null;
            /** Close Reason */
            close_reason: string | null;
            /** Closed At */
            closed_at: string | null;
            /** Collected By Name */
            collected_by_name: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Description */
            description: string;
            /**
             * Expires At
             * Format: date-time
             */
            expires_at: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Items */
            items: components["schemas"]["PaymentItemOut"][];
            /** May Collect */
            may_collect: boolean;
            /** May Refund */
            may_refund: boolean;
            /** Number */
            number: string;
            /**
             * Organisation Id
             * Format: uuid
             */
            organisation_id: string;
            /** Organisation Name */
            organisation_name: string;
            /** Paid At */
            paid_at: string | null;
            /** Paid Fen */
            paid_fen: number;
            /**
             * Patient Id
             * Format: uuid
             */
            patient_id: string;
            /** Patient Name */
            patient_name: string;
            /** Payer User Id */
            payer_user_id: string | null;
            /** Refunded Fen */
            refunded_fen: number;
            /** Refunds */
            refunds: components["schemas"]["PaymentRefundOut"][];
            state: components["schemas"]["OrderState"];
            /**
             * Subject Id
             * Format: uuid
             */
            subject_id: string;
            /** Subject Type */
            subject_type: string;
            /** Total Fen */
            total_fen: number;
        };
        /** PaymentReconciliationOut */
        PaymentReconciliationOut: {
            /**
             * Day
             * @description the Asia/Shanghai day, yyyy-mm-dd
             */
            day: string;
            /** Movements */
            movements: components["schemas"]["PaymentMovementOut"][];
            /**
             * Organisation Id
             * Format: uuid
             */
            organisation_id: string;
            /** Totals */
            totals: components["schemas"]["PaymentChannelTotal"][];
        };
        /** PaymentRefundIn */
        PaymentRefundIn: {
            /**
             * Amount Fen
             * @description null: everything that remains
             */
            amount_fen?: number | null;
            /** Reason */
            reason: string;
        };
        /** PaymentRefundOut */
        PaymentRefundOut: {
            /** Amount Fen */
            amount_fen: number;
            /** Channel Refund No */
            channel_refund_no: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Failure */
            failure: string | null;
            /** Finished At */
            finished_at: string | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Number */
            number: string;
            /** Reason */
            reason: string;
            /**
             * Requested By Name
             * @description null: the platform refunded
             */
            requested_by_name: string | null;
            state: components["schemas"]["RefundState"];
        };
        /** PeerOut */
        PeerOut: {
            /** Display Name */
            display_name: string;
            /**
             * Joined At
             * Format: date-time
             */
            joined_at: string;
            /**
             * User Id
             * Format: uuid
             */
            user_id: string;
        };
        /** PractitionerIn */
        PractitionerIn: {
            /**
             * Independent Practice Since
             * @description since when the practitioner practises independently (独立执业)
             */
            independent_practice_since?: string | null;
            /** Licence No */
            licence_no?: string | null;
            title: components["schemas"]["ProfessionalTitle"];
        };
        /** PractitionerOut */
        PractitionerOut: {
            /** Independent Practice Since */
            independent_practice_since: string | null;
            /** Licence No */
            licence_no: string | null;
            title: components["schemas"]["ProfessionalTitle"];
            /** Title Label */
            title_label: string;
            /** Verified */
            verified: boolean;
        };
        /**
         * PreferencesIn
         * @description The outward channels to change; channels not listed stay as they are.
         */
        PreferencesIn: {
            /** Channels */
            channels: components["schemas"]["ChannelPreferenceIn"][];
        };
        /** PreferencesOut */
        PreferencesOut: {
            /** Channels */
            channels: components["schemas"]["ChannelPreferenceOut"][];
            /**
             * Inbox
             * @default true
             */
            inbox: boolean;
        };
        /**
         * PrescriptionIn
         * @description What the doctor writes during the visit. Checked whole by the rules before anything is
         *     saved; signing it needs a recent re-authentication.
         */
        PrescriptionIn: {
            /** Accompanying Physician */
            accompanying_physician?: string | null;
            /** @default western */
            category: components["schemas"]["Category"];
            /**
             * Chronic
             * @default false
             */
            chronic: boolean;
            /** Decisions */
            decisions?: components["schemas"]["DecisionIn"][];
            /** Diagnosis Icd10 */
            diagnosis_icd10: string;
            /** Diagnosis Text */
            diagnosis_text: string;
            /** Guardian Name */
            guardian_name?: string | null;
            /** Lines */
            lines: components["schemas"]["LineIn"][];
            /**
             * Long Term
             * @default false
             */
            long_term: boolean;
            /**
             * Patient Confirmed
             * @default false
             */
            patient_confirmed: boolean;
            /** Replaces Id */
            replaces_id?: string | null;
            /** Stable Assessment */
            stable_assessment?: string | null;
            /**
             * Validity Days
             * @default 1
             */
            validity_days: number;
            /** Validity Note */
            validity_note?: string | null;
            /**
             * Visit Id
             * Format: uuid
             */
            visit_id: string;
            /** Void Reason */
            void_reason?: string | null;
        };
        /** PrescriptionOut */
        PrescriptionOut: {
            /** Accompanying Physician */
            accompanying_physician: string | null;
            /** Actions */
            actions: components["schemas"]["ActionOut"][];
            /** Address */
            address: string | null;
            /** Arrived At */
            arrived_at: string | null;
            /** Attachments */
            attachments: components["schemas"]["AttachmentOut"][];
            /** Carrier */
            carrier: string | null;
            category: components["schemas"]["Category"];
            /** Chronic */
            chronic: boolean;
            /** Close Reason */
            close_reason: string | null;
            /** Closed At */
            closed_at: string | null;
            /** Cold Chain */
            cold_chain: boolean;
            /** Collected At */
            collected_at: string | null;
            /**
             * Complete Due
             * Format: date-time
             */
            complete_due: string;
            /**
             * Consent At
             * Format: date-time
             */
            consent_at: string;
            consent_by: components["schemas"]["ConsentBy"];
            /** Consent Name */
            consent_name: string;
            /** Consent Relation */
            consent_relation: string | null;
            /** Conversation Id */
            conversation_id: string | null;
            /** Countersign Note */
            countersign_note: string | null;
            /** Countersign Required */
            countersign_required: boolean;
            /** Delivery Fee Fen */
            delivery_fee_fen: number;
            /** Delivery Fee Offer Fen */
            delivery_fee_offer_fen: number;
            /** Diagnosis Icd10 */
            diagnosis_icd10: string;
            /** Diagnosis Text */
            diagnosis_text: string;
            /** Dispensed At */
            dispensed_at: string | null;
            /** Dispensed By Name */
            dispensed_by_name: string | null;
            /**
             * Dispensing Org Id
             * Format: uuid
             */
            dispensing_org_id: string;
            /** Dispensing Org Name */
            dispensing_org_name: string;
            /**
             * Doctor Id
             * Format: uuid
             */
            doctor_id: string;
            /** Doctor Name */
            doctor_name: string;
            /** Document Id */
            document_id: string | null;
            /** Drugs */
            drugs: string[];
            /** Drugs Fen */
            drugs_fen: number;
            fulfilment: components["schemas"]["Fulfilment"] | null;
            /** Guardian Name */
            guardian_name: string | null;
            /** Handover Code */
            handover_code: string | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** In Transit At */
            in_transit_at: string | null;
            /**
             * Keep Until
             * Format: date
             */
            keep_until: string;
            /** Lines */
            lines: components["schemas"]["LineOut"][];
            /** Long Term */
            long_term: boolean;
            /** Number */
            number: string;
            /** Order Id */
            order_id: string | null;
            /** Overdue */
            overdue: boolean;
            /** Overrides */
            overrides: components["schemas"]["WarningOut"][];
            /** Paid At */
            paid_at: string | null;
            /** Patient Confirmed */
            patient_confirmed: boolean;
            /**
             * Patient Id
             * Format: uuid
             */
            patient_id: string;
            /** Patient Name */
            patient_name: string;
            /** Pickup Clinic Name */
            pickup_clinic_name: string | null;
            /** Pickup Org Id */
            pickup_org_id: string | null;
            /** Pickup Org Name */
            pickup_org_name: string | null;
            /**
             * Prescribing Org Id
             * Format: uuid
             */
            prescribing_org_id: string;
            /** Prescribing Org Name */
            prescribing_org_name: string;
            /** Proxy Doctor Id */
            proxy_doctor_id: string | null;
            /** Reason */
            reason: string;
            /** Received At */
            received_at: string | null;
            /** Recipient */
            recipient: string | null;
            /** Recipient Phone */
            recipient_phone: string | null;
            /** Record Snapshot */
            record_snapshot: {
                [key: string]: unknown;
            } | null;
            /** Refunded Fen */
            refunded_fen: number;
            /** Replaced By Id */
            replaced_by_id: string | null;
            /** Replaces Id */
            replaces_id: string | null;
            /**
             * Requested At
             * Format: date-time
             */
            requested_at: string;
            /** Requested By Name */
            requested_by_name: string;
            /** Retention Years */
            retention_years: number;
            /** Review Codes */
            review_codes: string[];
            /**
             * Review Due
             * Format: date-time
             */
            review_due: string;
            /** Review Note */
            review_note: string | null;
            /** Reviewed At */
            reviewed_at: string | null;
            /** Reviewed By Name */
            reviewed_by_name: string | null;
            /**
             * Signed At
             * Format: date-time
             */
            signed_at: string;
            /** Stable Assessment */
            stable_assessment: string | null;
            state: components["schemas"]["yilian__pharmacy__prescriptions__models__State"];
            /** Summary */
            summary: string;
            /** Timeline */
            timeline: components["schemas"]["StepOut"][];
            /** Tracking No */
            tracking_no: string | null;
            urgency: components["schemas"]["Urgency"];
            /** Usage Explained */
            usage_explained: boolean;
            /**
             * Valid Until
             * Format: date-time
             */
            valid_until: string;
            /** Validity Days */
            validity_days: number;
            /** Validity Note */
            validity_note: string | null;
            /** Version */
            version: number;
            /**
             * Visit Id
             * Format: uuid
             */
            visit_id: string;
            /** Visit Number */
            visit_number: string;
        };
        /** PrescriptionSummary */
        PrescriptionSummary: {
            /** Cold Chain */
            cold_chain: boolean;
            /**
             * Complete Due
             * Format: date-time
             */
            complete_due: string;
            /** Countersign Required */
            countersign_required: boolean;
            /** Delivery Fee Fen */
            delivery_fee_fen: number;
            /** Diagnosis Icd10 */
            diagnosis_icd10: string;
            /**
             * Dispensing Org Id
             * Format: uuid
             */
            dispensing_org_id: string;
            /** Dispensing Org Name */
            dispensing_org_name: string;
            /**
             * Doctor Id
             * Format: uuid
             */
            doctor_id: string;
            /** Doctor Name */
            doctor_name: string;
            /** Drugs */
            drugs: string[];
            /** Drugs Fen */
            drugs_fen: number;
            fulfilment: components["schemas"]["Fulfilment"] | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Number */
            number: string;
            /** Overdue */
            overdue: boolean;
            /**
             * Patient Id
             * Format: uuid
             */
            patient_id: string;
            /** Patient Name */
            patient_name: string;
            /** Pickup Org Id */
            pickup_org_id: string | null;
            /** Pickup Org Name */
            pickup_org_name: string | null;
            /**
             * Prescribing Org Id
             * Format: uuid
             */
            prescribing_org_id: string;
            /** Prescribing Org Name */
            prescribing_org_name: string;
            /**
             * Requested At
             * Format: date-time
             */
            requested_at: string;
            /** Requested By Name */
            requested_by_name: string;
            /**
             * Review Due
             * Format: date-time
             */
            review_due: string;
            /**
             * Signed At
             * Format: date-time
             */
            signed_at: string;
            state: components["schemas"]["yilian__pharmacy__prescriptions__models__State"];
            urgency: components["schemas"]["Urgency"];
            /** Version */
            version: number;
            /**
             * Visit Id
             * Format: uuid
             */
            visit_id: string;
            /** Visit Number */
            visit_number: string;
        };
        /**
         * PresentOut
         * @description Someone in the call now, with their part in the case and their room state.
         */
        PresentOut: {
            /** Display Name */
            display_name: string;
            /** Hand Raised At */
            hand_raised_at?: string | null;
            /**
             * Joined At
             * Format: date-time
             */
            joined_at: string;
            /**
             * Muted
             * @default false
             */
            muted: boolean;
            /** Organisation */
            organisation: string | null;
            /** Publisher Id */
            publisher_id?: number | null;
            /** Role Label */
            role_label: string | null;
            /**
             * Sharing Screen
             * @default false
             */
            sharing_screen: boolean;
            /**
             * User Id
             * Format: uuid
             */
            user_id: string;
        };
        /** ProblemIn */
        ProblemIn: {
            /** Description */
            description: string;
            /** Icd10 */
            icd10: string;
            /** Note */
            note?: string | null;
            /** Onset Date */
            onset_date?: string | null;
            /**
             * Status
             * @default active
             * @enum {string}
             */
            status: "active" | "resolved";
        };
        /** ProblemOut */
        ProblemOut: {
            /** Description */
            description: string;
            /**
             * History
             * @description earlier versions, newest first
             */
            history?: components["schemas"]["ProblemVersion"][];
            /** Icd10 */
            icd10: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Note */
            note: string | null;
            /** Onset Date */
            onset_date: string | null;
            /**
             * Organisation Id
             * Format: uuid
             */
            organisation_id: string;
            /**
             * Recorded At
             * Format: date-time
             */
            recorded_at: string;
            status?: components["schemas"]["RecordStatus"] | null;
            /** Superseded At */
            superseded_at?: string | null;
        };
        /** ProblemVersion */
        ProblemVersion: {
            /** Description */
            description: string;
            /** Icd10 */
            icd10: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Note */
            note: string | null;
            /** Onset Date */
            onset_date: string | null;
            /**
             * Organisation Id
             * Format: uuid
             */
            organisation_id: string;
            /**
             * Recorded At
             * Format: date-time
             */
            recorded_at: string;
            status?: components["schemas"]["RecordStatus"] | null;
            /** Superseded At */
            superseded_at?: string | null;
        };
        /**
         * ProfessionalTitle
         * @description 职称, by track (physician, pharmacist, nurse, technician), senior first.
         * @enum {string}
         */
        ProfessionalTitle: "chief_physician" | "associate_chief_physician" | "attending_physician" | "resident_physician" | "assistant_physician" | "village_doctor" | "chief_pharmacist" | "associate_chief_pharmacist" | "supervisor_pharmacist" | "pharmacist" | "chief_nurse" | "associate_chief_nurse" | "supervisor_nurse" | "senior_nurse" | "nurse" | "chief_technician" | "supervisor_technician" | "technician" | "none";
        /** ProfileIn */
        ProfileIn: {
            /**
             * Introduction
             * @description a short introduction (zh)
             * @default
             */
            introduction: string;
            /**
             * Specialties
             * @description short words: 高血压, 冠心病 ...
             */
            specialties?: string[];
        };
        /** ProfileOut */
        ProfileOut: {
            /** Introduction */
            introduction: string;
            /** Name */
            name: string;
            /** Specialties */
            specialties: string[];
            title: components["schemas"]["ProfessionalTitle"] | null;
            /**
             * User Id
             * Format: uuid
             */
            user_id: string;
        };
        /**
         * ProofIn
         * @description That the visit follows up a diagnosed disease: a problem of the patient's record, or
         *     uploaded outpatient records or discharge summaries (the booker's uploads).
         */
        ProofIn: {
            /** File Ids */
            file_ids?: string[];
            kind: components["schemas"]["ProofKind"];
            /** Problem Id */
            problem_id?: string | null;
        };
        /**
         * ProofKind
         * @description What shows the visit is a follow-up of a diagnosed disease.
         * @enum {string}
         */
        ProofKind: "record_diagnosis" | "document";
        /** ProxyIn */
        ProxyIn: {
            /**
             * May Manage Consent
             * @default false
             */
            may_manage_consent: boolean;
            /**
             * Patient Id
             * Format: uuid
             */
            patient_id: string;
            /**
             * Relation
             * @enum {string}
             */
            relation: "parent" | "child" | "spouse" | "guardian";
            /** Valid Until */
            valid_until?: string | null;
        };
        /**
         * ProxyRelation
         * @enum {string}
         */
        ProxyRelation: "self" | "parent" | "child" | "spouse" | "guardian";
        /** QueueItem */
        QueueItem: {
            /** Checked In At */
            checked_in_at: string | null;
            /** Missed Count */
            missed_count: number;
            mode: components["schemas"]["ClinicMode"];
            /** Number */
            number: string;
            /** Patient Name */
            patient_name: string;
            /** Position */
            position: number | null;
            /**
             * Slot Starts At
             * Format: date-time
             */
            slot_starts_at: string;
            state: components["schemas"]["yilian__clinic__visits__models__State"];
            /**
             * Visit Id
             * Format: uuid
             */
            visit_id: string;
        };
        /** QueueOut */
        QueueOut: {
            /** Average Minutes */
            average_minutes: number;
            /**
             * Doctor Id
             * Format: uuid
             */
            doctor_id: string;
            /** Items */
            items: components["schemas"]["QueueItem"][];
            /**
             * Session Id
             * Format: uuid
             */
            session_id: string;
        };
        /**
         * QueuePlace
         * @description Where a waiting patient stands: 1 is next.
         */
        QueuePlace: {
            /** Ahead */
            ahead: number;
            /** Estimated Wait Minutes */
            estimated_wait_minutes: number;
            /** Position */
            position: number;
        };
        /** QuoteLine */
        QuoteLine: {
            /** Amount Fen */
            amount_fen: number;
            /** Code */
            code: string;
            /** Cold Chain */
            cold_chain: boolean;
            /**
             * Drug Id
             * Format: uuid
             */
            drug_id: string;
            /** Generic Name */
            generic_name: string;
            /** In Stock */
            in_stock: number;
            /** Package Unit */
            package_unit: string;
            /** Quantity */
            quantity: number;
            /** Specification */
            specification: string;
            /** Unit Fen */
            unit_fen: number;
        };
        /** ReadIn */
        ReadIn: {
            /**
             * Seq
             * @description the last message seq the user has seen
             */
            seq: number;
        };
        /** ReadOut */
        ReadOut: {
            /** Last Read Seq */
            last_read_seq: number;
        };
        /** ReasonIn */
        ReasonIn: {
            /** Reason */
            reason: string;
        };
        /** ReceiveIn */
        ReceiveIn: {
            /**
             * Batch No
             * @description 批号; the same batch number and expiry adds to that batch
             */
            batch_no: string;
            /**
             * Drug Id
             * Format: uuid
             */
            drug_id: string;
            /**
             * Expires On
             * Format: date
             * @description 有效期至: the last day it may be dispensed
             */
            expires_on: string;
            /**
             * Quantity
             * @description packages received
             */
            quantity: number;
        };
        /** ReconciliationOut */
        ReconciliationOut: {
            /** Case Id */
            case_id: string | null;
            /** Case Number */
            case_number: string | null;
            /** Case Type */
            case_type: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Decided At */
            decided_at: string | null;
            /** Decided By Name */
            decided_by_name: string | null;
            /** Document Id */
            document_id: string | null;
            /** Encounter Id */
            encounter_id: string | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Lines
             * @description pending: against the record as it is now; decided: as decided
             */
            lines: components["schemas"]["DiffLine"][];
            /**
             * Organisation Id
             * Format: uuid
             */
            organisation_id: string;
            /** Organisation Name */
            organisation_name: string;
            /**
             * Patient Id
             * Format: uuid
             */
            patient_id: string;
            /** Reason */
            reason: string | null;
            /**
             * Seen
             * @description names these lines: sent back with a confirmation, it is refused if the record changed since (the lines would differ)
             */
            seen: string;
            /**
             * Source Organisation Name
             * @description where the proposal comes from (its encounter's organisation)
             */
            source_organisation_name?: string | null;
            state: components["schemas"]["ReconciliationState"];
        };
        /**
         * ReconciliationState
         * @enum {string}
         */
        ReconciliationState: "pending" | "confirmed" | "discarded";
        /** ReconciliationSummary */
        ReconciliationSummary: {
            /** Case Id */
            case_id: string | null;
            /** Case Number */
            case_number: string | null;
            /** Case Type */
            case_type: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Decided At */
            decided_at: string | null;
            /** Decided By Name */
            decided_by_name: string | null;
            /** Document Id */
            document_id: string | null;
            /** Encounter Id */
            encounter_id: string | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Organisation Id
             * Format: uuid
             */
            organisation_id: string;
            /** Organisation Name */
            organisation_name: string;
            /**
             * Patient Id
             * Format: uuid
             */
            patient_id: string;
            /** Reason */
            reason: string | null;
            /**
             * Source Organisation Name
             * @description where the proposal comes from (its encounter's organisation)
             */
            source_organisation_name?: string | null;
            state: components["schemas"]["ReconciliationState"];
        };
        /** RecordAccess */
        RecordAccess: {
            mode: components["schemas"]["Access"];
        };
        /** RecordOut */
        RecordOut: {
            access: components["schemas"]["RecordAccess"];
            /** Allergies */
            allergies: components["schemas"]["AllergyOut"][];
            /** Documents */
            documents: components["schemas"]["DocumentOut"][];
            /** Encounters */
            encounters: components["schemas"]["EncounterOut"][];
            /** Medications */
            medications: components["schemas"]["MedicationOut"][];
            patient: components["schemas"]["PatientOut"];
            /**
             * Pending Reconciliations
             * @description proposals waiting for a clinician (staff only)
             */
            pending_reconciliations?: number | null;
            /** Problems */
            problems: components["schemas"]["ProblemOut"][];
        };
        /**
         * RecordStatus
         * @enum {string}
         */
        RecordStatus: "active" | "resolved" | "voided";
        /** RecordingIn */
        RecordingIn: {
            /** Consent Confirmed */
            consent_confirmed: boolean;
            /** Consent Note */
            consent_note?: string | null;
        };
        /** RecordingOut */
        RecordingOut: {
            /** Acknowledged */
            acknowledged: boolean;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Started At
             * Format: date-time
             */
            started_at: string;
            /**
             * Started By
             * Format: uuid
             */
            started_by: string;
            /** Started By Name */
            started_by_name: string;
            state: components["schemas"]["RecordingState"];
            /** Stopped At */
            stopped_at: string | null;
        };
        /**
         * RecordingState
         * @enum {string}
         */
        RecordingState: "recording" | "processing" | "stored" | "failed";
        /** RedirectIn */
        RedirectIn: {
            /** Reason */
            reason: string;
            /** Target Department Id */
            target_department_id?: string | null;
            /** Target Org Id */
            target_org_id?: string | null;
        };
        /** ReferralIn */
        ReferralIn: {
            consent: components["schemas"]["yilian__cases__schemas__ConsentIn"];
            /** Diagnosis Icd10 */
            diagnosis_icd10: string;
            /** Diagnosis Text */
            diagnosis_text: string;
            /** @default up */
            direction: components["schemas"]["Direction"];
            /** File Ids */
            file_ids?: string[];
            /** Follow Up Plan */
            follow_up_plan?: string | null;
            /** Follow Ups */
            follow_ups?: components["schemas"]["FollowUpItem"][];
            /** From Consultation Id */
            from_consultation_id?: string | null;
            /**
             * Green Channel
             * @default false
             */
            green_channel: boolean;
            /**
             * Include Record
             * @default true
             */
            include_record: boolean;
            /** Medications */
            medications?: components["schemas"]["MedicationItem"][];
            /**
             * Patient Id
             * Format: uuid
             */
            patient_id: string;
            /** Reason */
            reason: string;
            /** Skip Reason */
            skip_reason?: string | null;
            /** Summary */
            summary: string;
            /** Target Department Id */
            target_department_id?: string | null;
            /**
             * Target Org Id
             * Format: uuid
             */
            target_org_id: string;
            /** Treatment */
            treatment: string;
            /** Up Referral Id */
            up_referral_id?: string | null;
            /** @default routine */
            urgency: components["schemas"]["Urgency"];
        };
        /**
         * ReferralOut
         * @description The timeline is the whole loop's: the re-raised originals, this referral and its
         *     return; the attachments include those of the original a re-raised copy repeats.
         */
        ReferralOut: {
            /** Actions */
            actions: components["schemas"]["ActionOut"][];
            /** Answered At */
            answered_at: string | null;
            /** Answered By Name */
            answered_by_name: string | null;
            /** Arrived At */
            arrived_at: string | null;
            /** Attachments */
            attachments: components["schemas"]["AttachmentOut"][];
            /** Close Reason */
            close_reason: string | null;
            /** Closed At */
            closed_at: string | null;
            /**
             * Complete Due
             * Format: date-time
             */
            complete_due: string;
            /**
             * Consent At
             * Format: date-time
             */
            consent_at: string;
            consent_by: components["schemas"]["ConsentBy"];
            /** Consent File Id */
            consent_file_id: string | null;
            /** Consent Name */
            consent_name: string;
            /** Consent Relation */
            consent_relation: string | null;
            /** Conversation Id */
            conversation_id: string | null;
            /** Diagnosis Icd10 */
            diagnosis_icd10: string;
            /** Diagnosis Text */
            diagnosis_text: string;
            direction: components["schemas"]["Direction"];
            /** Document Id */
            document_id: string | null;
            /** Document Number */
            document_number: string | null;
            /** Down Referral Id */
            down_referral_id: string | null;
            /**
             * First Due
             * Format: date-time
             */
            first_due: string;
            /** Follow Up Plan */
            follow_up_plan: string | null;
            /** Follow Ups */
            follow_ups: components["schemas"]["ReturnFollowUp"][];
            /** From Consultation Id */
            from_consultation_id: string | null;
            /** From Consultation Number */
            from_consultation_number: string | null;
            /** Green Channel */
            green_channel: boolean;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Medications */
            medications: components["schemas"]["ReturnMedication"][];
            /** Next Id */
            next_id: string | null;
            /** Number */
            number: string;
            /** Outcome */
            outcome: string | null;
            /** Overdue */
            overdue: boolean;
            /**
             * Patient Id
             * Format: uuid
             */
            patient_id: string;
            /** Patient Name */
            patient_name: string;
            /** Previous Id */
            previous_id: string | null;
            /** Previous Number */
            previous_number: string | null;
            /** Reason */
            reason: string;
            /** Record Snapshot */
            record_snapshot: {
                [key: string]: unknown;
            } | null;
            /**
             * Requested At
             * Format: date-time
             */
            requested_at: string;
            /** Requested By Name */
            requested_by_name: string;
            reservation: components["schemas"]["Reservation"] | null;
            /** Reservation Note */
            reservation_note: string | null;
            /** Reserved At */
            reserved_at: string | null;
            /** Reserved Place */
            reserved_place: string | null;
            /** Returned At */
            returned_at: string | null;
            /** Skip Reason */
            skip_reason: string | null;
            /**
             * Source Org Id
             * Format: uuid
             */
            source_org_id: string;
            /** Source Org Name */
            source_org_name: string;
            state: components["schemas"]["yilian__referral__models__State"];
            /** Summary */
            summary: string;
            /** Target Address */
            target_address: string | null;
            /** Target Department Id */
            target_department_id: string | null;
            /** Target Department Location */
            target_department_location: string | null;
            /** Target Department Name */
            target_department_name: string | null;
            /**
             * Target Org Id
             * Format: uuid
             */
            target_org_id: string;
            /** Target Org Name */
            target_org_name: string;
            /** Target Phone */
            target_phone: string | null;
            /** Timeline */
            timeline: components["schemas"]["StepOut"][];
            /** Treated At */
            treated_at: string | null;
            /** Treatment */
            treatment: string;
            /** Up Referral Id */
            up_referral_id: string | null;
            /** Up Referral Number */
            up_referral_number: string | null;
            urgency: components["schemas"]["Urgency"];
        };
        /** ReferralStatsOut */
        ReferralStatsOut: {
            /** Acceptance Rate */
            acceptance_rate: number | null;
            /** Down */
            down: number;
            /**
             * End
             * Format: date-time
             */
            end: string;
            /** Hours To Acceptance Median */
            hours_to_acceptance_median: number | null;
            /** No Shows */
            no_shows: number;
            /** Pairs */
            pairs: components["schemas"]["PairRow"][];
            /** Returned To Community Rate */
            returned_to_community_rate: number | null;
            /**
             * Start
             * Format: date-time
             */
            start: string;
            /** Up */
            up: number;
        };
        /** ReferralSummary */
        ReferralSummary: {
            /**
             * Complete Due
             * Format: date-time
             */
            complete_due: string;
            /** Diagnosis Icd10 */
            diagnosis_icd10: string;
            direction: components["schemas"]["Direction"];
            /**
             * First Due
             * Format: date-time
             */
            first_due: string;
            /** Green Channel */
            green_channel: boolean;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Number */
            number: string;
            /** Overdue */
            overdue: boolean;
            /**
             * Patient Id
             * Format: uuid
             */
            patient_id: string;
            /** Patient Name */
            patient_name: string;
            /**
             * Requested At
             * Format: date-time
             */
            requested_at: string;
            /** Requested By Name */
            requested_by_name: string;
            reservation: components["schemas"]["Reservation"] | null;
            /** Reserved At */
            reserved_at: string | null;
            /**
             * Source Org Id
             * Format: uuid
             */
            source_org_id: string;
            /** Source Org Name */
            source_org_name: string;
            state: components["schemas"]["yilian__referral__models__State"];
            /** Target Department Id */
            target_department_id: string | null;
            /** Target Department Name */
            target_department_name: string | null;
            /**
             * Target Org Id
             * Format: uuid
             */
            target_org_id: string;
            /** Target Org Name */
            target_org_name: string;
            urgency: components["schemas"]["Urgency"];
        };
        /**
         * RefundState
         * @enum {string}
         */
        RefundState: "requested" | "succeeded" | "failed";
        /** RefusalOut */
        RefusalOut: {
            /** Article En */
            article_en: string;
            /** Article Zh */
            article_zh: string;
            /** Code */
            code: string;
            /** Line */
            line: number | null;
            /** Params */
            params: {
                [key: string]: unknown;
            };
        };
        /**
         * RegisterEntryOut
         * @description What the register of issued documents says of one, for an anonymous reader of its QR
         *     code: nothing about the patient or the case.
         */
        RegisterEntryOut: {
            /**
             * Issued At
             * Format: date-time
             */
            issued_at: string;
            /**
             * Issuer
             * @description the issuing organisation, as named then
             */
            issuer: string;
            /** Kind */
            kind: string;
            /** Number */
            number: string;
            /**
             * Superseded
             * @default false
             */
            superseded: boolean;
            /**
             * Superseded By
             * @description the number of the document replacing it
             */
            superseded_by?: string | null;
            /** Title */
            title: string;
        };
        /** RegistrationIn */
        RegistrationIn: {
            /**
             * Organisation Id
             * Format: uuid
             */
            organisation_id: string;
            /**
             * Primary
             * @default false
             */
            primary: boolean;
        };
        /** RegistrationOut */
        RegistrationOut: {
            /**
             * Organisation Id
             * Format: uuid
             */
            organisation_id: string;
            /** Organisation Name */
            organisation_name: string;
            /** Primary */
            primary: boolean;
        };
        /** ReportIn */
        ReportIn: {
            /** Diagnoses */
            diagnoses: components["schemas"]["DiagnosisItem"][];
            /** Findings */
            findings: string;
            /** Opinion */
            opinion: string;
            /** Recommendations */
            recommendations: string;
            /**
             * Referral Advised
             * @default false
             */
            referral_advised: boolean;
        };
        /**
         * ReportKind
         * @enum {string}
         */
        ReportKind: "report" | "addendum";
        /** ReportOut */
        ReportOut: {
            /** Acknowledged At */
            acknowledged_at: string | null;
            /** Diagnoses */
            diagnoses: components["schemas"]["DiagnosisOut"][];
            /** Document Id */
            document_id: string | null;
            /** Document Number */
            document_number: string | null;
            /** Findings */
            findings: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            kind: components["schemas"]["ReportKind"];
            /** Opinion */
            opinion: string;
            /** Published At */
            published_at: string | null;
            /** Recommendations */
            recommendations: string;
            /** Referral Advised */
            referral_advised: boolean;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Version */
            version: number;
            /** Written By Name */
            written_by_name: string;
        };
        /**
         * ReraiseIn
         * @description A rejected referral sent again, copied with its history; what changes is optional.
         */
        ReraiseIn: {
            /** Green Channel */
            green_channel?: boolean | null;
            /** Note */
            note?: string | null;
            /** Skip Reason */
            skip_reason?: string | null;
            /** Target Department Id */
            target_department_id?: string | null;
            /** Target Org Id */
            target_org_id?: string | null;
        };
        /** RescheduleIn */
        RescheduleIn: {
            /** Reason */
            reason: string;
            /**
             * Slot Id
             * Format: uuid
             */
            slot_id: string;
        };
        /**
         * Reservation
         * @enum {string}
         */
        Reservation: "appointment" | "bed";
        /** RetractIn */
        RetractIn: {
            /** Reason */
            reason: string;
        };
        /** ReturnFollowUp */
        ReturnFollowUp: {
            /** Days */
            days: number;
            /** Detail */
            detail?: string | null;
            /** Title */
            title: string;
        };
        /** ReturnIn */
        ReturnIn: {
            /** Codes */
            codes: components["schemas"]["ReviewCode"][];
            /** Note */
            note: string;
        };
        /** ReturnMedication */
        ReturnMedication: {
            /** Dose */
            dose?: string | null;
            /** Frequency */
            frequency?: string | null;
            /** Name */
            name: string;
        };
        /**
         * ReviewCode
         * @description Why a pharmacist returns a prescription (医院处方点评管理规范（试行）: 不规范处方,
         *     用药不适宜处方, 超常处方).
         * @enum {string}
         */
        ReviewCode: "nonstandard-writing" | "indication" | "drug-choice" | "dose" | "route" | "duplicate-therapy" | "interaction" | "contraindication" | "excessive" | "other";
        /**
         * Role
         * @enum {string}
         */
        Role: "patient" | "grassroots_doctor" | "specialist" | "mdt_expert" | "coordinator" | "pharmacist" | "nurse" | "diagnosis_reader" | "family_doctor" | "org_admin" | "alliance_admin" | "auditor";
        /**
         * RoomMode
         * @enum {string}
         */
        RoomMode: "mesh" | "sfu";
        /** RoomOut */
        RoomOut: {
            /**
             * Case Id
             * Format: uuid
             */
            case_id: string;
            /** Case Type */
            case_type: string;
            /**
             * Chair
             * @default false
             */
            chair: boolean;
            /** Chair Ids */
            chair_ids?: string[];
            /**
             * Conversation Id
             * Format: uuid
             */
            conversation_id: string;
            /** History */
            history: components["schemas"]["AttendanceOut"][];
            /** Max Participants */
            max_participants: number;
            mode: components["schemas"]["RoomMode"] | null;
            /** Open */
            open: boolean;
            /** Present */
            present: components["schemas"]["PresentOut"][];
            recording?: components["schemas"]["RecordingOut"] | null;
            /** Spotlight User Id */
            spotlight_user_id?: string | null;
        };
        /**
         * Route
         * @description The default route of administration (给药途径).
         * @enum {string}
         */
        Route: "oral" | "iv_injection" | "iv_drip" | "im" | "sc" | "topical" | "inhalation" | "sublingual" | "eye" | "rectal";
        /** RouteIn */
        RouteIn: {
            /**
             * Department Id
             * Format: uuid
             */
            department_id: string;
        };
        /** ScreenIn */
        ScreenIn: {
            /** Sharing */
            sharing: boolean;
        };
        /** SessionIn */
        SessionIn: {
            /**
             * Capacity
             * @description the number of slots (号源)
             */
            capacity: number;
            /**
             * Day
             * Format: date
             * @description an ISO 8601 date, e.g. 2026-11-24; 1900-01-01 to 2099-12-31
             */
            day: string;
            /**
             * Department Id
             * Format: uuid
             */
            department_id: string;
            /**
             * Doctor Id
             * Format: uuid
             */
            doctor_id: string;
            /** End */
            end?: string | null;
            /** Half Day */
            half_day?: ("am" | "pm") | null;
            mode: components["schemas"]["ClinicMode"];
            /**
             * Organisation Id
             * Format: uuid
             */
            organisation_id: string;
            /**
             * Slot Minutes
             * @description each slot's length; the range divided by the capacity when omitted
             */
            slot_minutes?: number | null;
            /** Start */
            start?: string | null;
        };
        /** SessionOut */
        SessionOut: {
            /** Capacity */
            capacity: number;
            /**
             * Department Id
             * Format: uuid
             */
            department_id: string;
            /** Department Name */
            department_name: string;
            /**
             * Doctor Id
             * Format: uuid
             */
            doctor_id: string;
            /** Doctor Name */
            doctor_name: string;
            /**
             * Ends At
             * Format: date-time
             */
            ends_at: string;
            /** Fee Fen */
            fee_fen: number;
            /** Free Slots */
            free_slots: number;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            mode: components["schemas"]["ClinicMode"];
            /**
             * Organisation Id
             * Format: uuid
             */
            organisation_id: string;
            /** Organisation Name */
            organisation_name: string;
            /**
             * Starts At
             * Format: date-time
             */
            starts_at: string;
            status: components["schemas"]["SessionStatus"];
            /** Stop Reason */
            stop_reason: string | null;
            /** Substituted From */
            substituted_from: string | null;
        };
        /**
         * SessionPatch
         * @description A new time, size, mode or department, while no slot is held or booked; the fee is taken
         *     from the tier again.
         */
        SessionPatch: {
            /** Department Id */
            department_id?: string | null;
            mode?: components["schemas"]["ClinicMode"] | null;
            times?: components["schemas"]["SessionTimes"] | null;
        };
        /**
         * SessionStatus
         * @enum {string}
         */
        SessionStatus: "open" | "stopped";
        /**
         * SessionTimes
         * @description When: a half-day (上午 08:00–12:00, 下午 14:00–17:30) or from/until, Beijing time.
         */
        SessionTimes: {
            /**
             * Capacity
             * @description the number of slots (号源)
             */
            capacity: number;
            /**
             * Day
             * Format: date
             * @description an ISO 8601 date, e.g. 2026-11-24; 1900-01-01 to 2099-12-31
             */
            day: string;
            /** End */
            end?: string | null;
            /** Half Day */
            half_day?: ("am" | "pm") | null;
            /**
             * Slot Minutes
             * @description each slot's length; the range divided by the capacity when omitted
             */
            slot_minutes?: number | null;
            /** Start */
            start?: string | null;
        };
        /**
         * Sex
         * @enum {string}
         */
        Sex: "male" | "female" | "unknown";
        /**
         * SfuJoin
         * @description Where and how to join the Janus room: the token is this person's, valid for this room
         *     only, until expires_at or until they leave; join with publisher_id and display.
         */
        SfuJoin: {
            /** Display */
            display: string;
            /**
             * Expires At
             * Format: date-time
             */
            expires_at: string;
            /** Publisher Id */
            publisher_id: number;
            /** Room */
            room: number;
            /** Token */
            token: string;
            /** Url */
            url: string;
        };
        /** SlaIn */
        SlaIn: {
            /** Rules */
            rules: components["schemas"]["SlaRuleIn"][];
        };
        /** SlaOut */
        SlaOut: {
            /**
             * Organisation Id
             * Format: uuid
             */
            organisation_id: string;
            /** Rules */
            rules: components["schemas"]["SlaRule"][];
            /** Updated At */
            updated_at: string | null;
        };
        /** SlaRule */
        SlaRule: {
            /** Case Type */
            case_type: string;
            /** Complete Hours */
            complete_hours: number | null;
            /** Complete Working Days */
            complete_working_days: number | null;
            /**
             * Default
             * @description the platform's default, not set by the organisation
             */
            default: boolean;
            /** First Hours */
            first_hours: number;
            urgency: components["schemas"]["Urgency"];
        };
        /** SlaRuleIn */
        SlaRuleIn: {
            /** Case Type */
            case_type: string;
            /** Complete Hours */
            complete_hours?: number | null;
            /** Complete Working Days */
            complete_working_days?: number | null;
            /** First Hours */
            first_hours: number;
            urgency: components["schemas"]["Urgency"];
        };
        /** SlotOut */
        SlotOut: {
            /** Booked */
            booked: boolean;
            /** Booked Case Id */
            booked_case_id: string | null;
            /** Booked Case Type */
            booked_case_type: string | null;
            /**
             * Ends At
             * Format: date-time
             */
            ends_at: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Organisation Id
             * Format: uuid
             */
            organisation_id: string;
            /** Organisation Name */
            organisation_name: string;
            /**
             * Starts At
             * Format: date-time
             */
            starts_at: string;
            /**
             * User Id
             * Format: uuid
             */
            user_id: string;
            /** User Name */
            user_name: string;
            /** Withdrawn */
            withdrawn: boolean;
        };
        /**
         * SlotsIn
         * @description A range of time a doctor offers, as one slot or split into consecutive slots.
         */
        SlotsIn: {
            /**
             * Ends At
             * Format: date-time
             * @description an ISO 8601 date and time with its offset, e.g. 2026-11-24T10:00:00+08:00; 1900-01-01 to 2099-12-31
             */
            ends_at: string;
            /**
             * Organisation Id
             * @description where the doctor sees the cases; your active role's organisation when omitted
             */
            organisation_id?: string | null;
            /**
             * Slot Minutes
             * @description split the range into slots of this length; one slot for the whole range when omitted
             */
            slot_minutes?: number | null;
            /**
             * Starts At
             * Format: date-time
             * @description an ISO 8601 date and time with its offset, e.g. 2026-11-24T10:00:00+08:00; 1900-01-01 to 2099-12-31
             */
            starts_at: string;
            /**
             * User Id
             * @description the doctor; yourself when omitted
             */
            user_id?: string | null;
        };
        /** SpotlightIn */
        SpotlightIn: {
            /** User Id */
            user_id: string | null;
        };
        /** StartIn */
        StartIn: {
            /**
             * Confirm Off Time
             * @default false
             */
            confirm_off_time: boolean;
        };
        /** StatsOut */
        StatsOut: {
            /**
             * End
             * Format: date-time
             */
            end: string;
            /** Group By */
            group_by: string;
            /** Rows */
            rows: components["schemas"]["CountRow"][];
            /**
             * Start
             * Format: date-time
             */
            start: string;
            total: components["schemas"]["CountRow"];
        };
        /** StepOut */
        StepOut: {
            /** Action */
            action: string;
            /** Actor Id */
            actor_id: string | null;
            /** Actor Name */
            actor_name: string | null;
            /**
             * At
             * Format: date-time
             */
            at: string;
            /** From State */
            from_state: string | null;
            /** Note */
            note: string | null;
            /** Note Code */
            note_code?: string | null;
            /** Note Params */
            note_params?: {
                [key: string]: string;
            };
            /** Number */
            number?: string | null;
            /** Organisation Name */
            organisation_name: string | null;
            /** To State */
            to_state: string;
        };
        /**
         * StepUpIn
         * @description Password and code again, however fresh the session (before an online clinic). The code
         *     is needed from whoever has two-factor sign-in on (all staff where the deployment asks).
         */
        StepUpIn: {
            /** Code */
            code?: string | null;
            /** Password */
            password: string;
        };
        /** StepUpOut */
        StepUpOut: {
            /**
             * Stepped Up At
             * Format: date-time
             */
            stepped_up_at: string;
        };
        /** StockOut */
        StockOut: {
            /**
             * Batches
             * @description earliest expiry first
             */
            batches: components["schemas"]["BatchOut"][];
            drug: components["schemas"]["DrugOut"];
            /**
             * Stock Packages
             * @description packages in batches not expired
             */
            stock_packages: number;
        };
        /** StopIn */
        StopIn: {
            /** Reason */
            reason: string;
        };
        /** SubstituteIn */
        SubstituteIn: {
            /**
             * Doctor Id
             * Format: uuid
             */
            doctor_id: string;
            /** Reason */
            reason: string;
        };
        /** SupplyInfoIn */
        SupplyInfoIn: {
            /** File Ids */
            file_ids?: string[];
            /** Note */
            note: string;
        };
        /** SwitchGrantIn */
        SwitchGrantIn: {
            /**
             * Grant Id
             * Format: uuid
             */
            grant_id: string;
        };
        /**
         * TargetOut
         * @description An organisation the caller's may refer to: an agreement covers referral between them;
         *     ``next_level``: an up-referral there does not skip a level.
         */
        TargetOut: {
            /** Level */
            level: string;
            /** Name */
            name: string;
            /** Next Level */
            next_level: boolean;
            /**
             * Organisation Id
             * Format: uuid
             */
            organisation_id: string;
        };
        /** TaskOut */
        TaskOut: {
            /** Assignee Id */
            assignee_id: string | null;
            /** Assignee Name */
            assignee_name: string | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Detail */
            detail: string | null;
            /** Done At */
            done_at: string | null;
            /** Done By Name */
            done_by_name: string | null;
            /** Done Note */
            done_note: string | null;
            /**
             * Due On
             * Format: date
             */
            due_on: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * Organisation Id
             * Format: uuid
             */
            organisation_id: string;
            /** Organisation Name */
            organisation_name: string;
            /**
             * Overdue
             * @description still open after its due date (Asia/Shanghai)
             */
            overdue: boolean;
            /**
             * Patient Id
             * Format: uuid
             */
            patient_id: string;
            /** Patient Name */
            patient_name: string;
            /** Source Id */
            source_id: string;
            /** Source Type */
            source_type: string;
            /** Title */
            title: string;
        };
        /** TimeRange */
        TimeRange: {
            /**
             * End
             * Format: date-time
             * @description an ISO 8601 date and time with its offset, e.g. 2026-11-24T10:00:00+08:00; 1900-01-01 to 2099-12-31
             */
            end: string;
            /**
             * Start
             * Format: date-time
             * @description an ISO 8601 date and time with its offset, e.g. 2026-11-24T10:00:00+08:00; 1900-01-01 to 2099-12-31
             */
            start: string;
        };
        /** TimeRangeOut */
        TimeRangeOut: {
            /**
             * End
             * Format: date-time
             */
            end: string;
            /**
             * Start
             * Format: date-time
             */
            start: string;
        };
        /** TitleOut */
        TitleOut: {
            code: components["schemas"]["ProfessionalTitle"];
            /** Label En */
            label_en: string;
            /** Label Zh */
            label_zh: string;
        };
        /** TodayOut */
        TodayOut: {
            /** Average Wait Minutes */
            average_wait_minutes: number | null;
            counts: components["schemas"]["VisitCounts"];
            /** Day */
            day: string;
            /** Organisation Id */
            organisation_id: string | null;
            /** Sessions */
            sessions: components["schemas"]["TodaySession"][];
        };
        /** TodaySession */
        TodaySession: {
            /** Average Wait Minutes */
            average_wait_minutes: number | null;
            /** Capacity */
            capacity: number;
            counts: components["schemas"]["VisitCounts"];
            /**
             * Department Id
             * Format: uuid
             */
            department_id: string;
            /** Department Name */
            department_name: string;
            /**
             * Doctor Id
             * Format: uuid
             */
            doctor_id: string;
            /** Doctor Name */
            doctor_name: string;
            /**
             * Ends At
             * Format: date-time
             */
            ends_at: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            mode: components["schemas"]["ClinicMode"];
            /**
             * Organisation Id
             * Format: uuid
             */
            organisation_id: string;
            /** Organisation Name */
            organisation_name: string;
            /**
             * Starts At
             * Format: date-time
             */
            starts_at: string;
            /**
             * Status
             * @enum {string}
             */
            status: "open" | "stopped" | "substituted";
            /** Stop Reason */
            stop_reason: string | null;
            /** Substituted From Name */
            substituted_from_name: string | null;
        };
        /**
         * TodoItem
         * @description A case that waits for a step of mine (or of my department or office).
         */
        TodoItem: {
            /**
             * Actions
             * @description the steps I may take now
             */
            actions: components["schemas"]["ActionOut"][];
            /** Diagnosis Icd10 */
            diagnosis_icd10: string;
            /**
             * Due At
             * @description the first time limit still open
             */
            due_at: string | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Link */
            link: string;
            /** Number */
            number: string;
            /** Overdue */
            overdue: boolean;
            /** Patient Name */
            patient_name: string;
            /**
             * Requested At
             * Format: date-time
             */
            requested_at: string;
            /**
             * Side
             * @description the party of the case my organisation is (one of the kind's party columns: inviting, invited, source, ...)
             */
            side: string | null;
            /** State */
            state: string;
            /**
             * Type
             * @description the case kind: consultation, referral, ...
             */
            type: string;
            urgency: components["schemas"]["Urgency"];
        };
        /** TotpEnableIn */
        TotpEnableIn: {
            /** Code */
            code: string;
        };
        /** TotpLoginIn */
        TotpLoginIn: {
            /** Code */
            code: string;
            /** Mfa Token */
            mfa_token: string;
            /**
             * Token In Body
             * @default false
             */
            token_in_body: boolean;
        };
        /** TotpSetupOut */
        TotpSetupOut: {
            /** Otpauth Uri */
            otpauth_uri: string;
            /** Secret */
            secret: string;
        };
        /** TreatIn */
        TreatIn: {
            /** Outcome */
            outcome: string;
        };
        /** UnreadCount */
        UnreadCount: {
            /** Unread Count */
            unread_count: number;
        };
        /** UploadOut */
        UploadOut: {
            /** Content Type */
            content_type: string;
            /**
             * Expires At
             * Format: date-time
             */
            expires_at: string;
            /** File Id */
            file_id: string | null;
            /** Filename */
            filename: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Length */
            length: number;
            /** Offset */
            offset: number;
            state: components["schemas"]["UploadState"];
        };
        /**
         * UploadState
         * @enum {string}
         */
        UploadState: "receiving" | "complete" | "discarded";
        /**
         * Urgency
         * @enum {string}
         */
        Urgency: "routine" | "urgent";
        /** UserCreate */
        UserCreate: {
            /** Display Name */
            display_name: string;
            /** Grants */
            grants?: components["schemas"]["GrantIn"][];
            /** Home Organisation Id */
            home_organisation_id?: string | null;
            /** Password */
            password: string;
            practitioner?: components["schemas"]["PractitionerIn"] | null;
            /** Registrations */
            registrations?: string[];
            /** Username */
            username: string;
        };
        /** UserGrantOut */
        UserGrantOut: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /**
             * May Revoke
             * @default false
             */
            may_revoke: boolean;
            /**
             * Organisation Id
             * Format: uuid
             */
            organisation_id: string;
            /** Organisation Name */
            organisation_name: string;
            /** Revoked At */
            revoked_at: string | null;
            role: components["schemas"]["Role"];
            /**
             * Valid From
             * Format: date-time
             */
            valid_from: string;
            /** Valid Until */
            valid_until: string | null;
        };
        /**
         * UserKind
         * @enum {string}
         */
        UserKind: "staff" | "patient";
        /** UserOut */
        UserOut: {
            /** Active */
            active: boolean;
            /** Display Name */
            display_name: string;
            /** Grants */
            grants: components["schemas"]["UserGrantOut"][];
            /** Home Organisation Id */
            home_organisation_id?: string | null;
            /** Home Organisation Name */
            home_organisation_name?: string | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            kind: components["schemas"]["UserKind"];
            /** Locked Until */
            locked_until: string | null;
            /**
             * May Manage Account
             * @default false
             */
            may_manage_account: boolean;
            practitioner: components["schemas"]["PractitionerOut"] | null;
            /** Registrations */
            registrations: components["schemas"]["RegistrationOut"][];
            /** Totp Enabled */
            totp_enabled: boolean;
            /** Username */
            username: string;
        };
        /** UserPatch */
        UserPatch: {
            /** Active */
            active?: boolean | null;
            /** Display Name */
            display_name?: string | null;
            /** Home Organisation Id */
            home_organisation_id?: string | null;
        };
        /** VerificationIn */
        VerificationIn: {
            /**
             * Independent Practice Since
             * @description since when the practitioner practises independently (独立执业); unchanged when omitted
             */
            independent_practice_since?: string | null;
            /** Verified */
            verified: boolean;
        };
        /**
         * VerificationOut
         * @description Whether a PDF is a document yilian issued, untouched since. The document's fields are
         *     given only for an authentic one; the signer's whenever a signature could be read.
         */
        VerificationOut: {
            /** Authentic */
            authentic: boolean;
            /** Issued At */
            issued_at?: string | null;
            /**
             * Issuer
             * @description the issuing organisation, as named then
             */
            issuer?: string | null;
            /** Kind */
            kind?: string | null;
            /** Number */
            number?: string | null;
            /**
             * Reason
             * @description why not authentic
             */
            reason?: ("not-a-pdf" | "unsigned" | "modified" | "untrusted-signer" | "unknown-document") | null;
            /** Signed At */
            signed_at?: string | null;
            /**
             * Signer
             * @description the signing certificate's subject
             */
            signer?: string | null;
            /**
             * Superseded
             * @default false
             */
            superseded: boolean;
            /**
             * Superseded By
             * @description the number of the document replacing it
             */
            superseded_by?: string | null;
            /** Title */
            title?: string | null;
        };
        /** VerifyOut */
        VerifyOut: {
            /** Access Ok */
            access_ok: boolean;
            /** Access Problem */
            access_problem: string | null;
            /** Access Rows */
            access_rows: number;
            /** Access Unsealed */
            access_unsealed: number;
            /** Bad Seq */
            bad_seq: number | null;
            /** Head */
            head: string;
            /** Ok */
            ok: boolean;
            /** Reason */
            reason: string | null;
            /** Rows */
            rows: number;
        };
        /** VisitCounts */
        VisitCounts: {
            /**
             * Booked
             * @default 0
             */
            booked: number;
            /**
             * Cancelled
             * @default 0
             */
            cancelled: number;
            /**
             * Ended
             * @default 0
             */
            ended: number;
            /**
             * Finished
             * @default 0
             */
            finished: number;
            /**
             * In Visit
             * @default 0
             */
            in_visit: number;
            /**
             * No Show
             * @default 0
             */
            no_show: number;
            /**
             * Stopped
             * @default 0
             */
            stopped: number;
            /**
             * Waiting
             * @default 0
             */
            waiting: number;
        };
        /** VisitIn */
        VisitIn: {
            /** Complaint */
            complaint?: string | null;
            mode?: components["schemas"]["ClinicMode"] | null;
            /**
             * Patient Id
             * Format: uuid
             */
            patient_id: string;
            proof?: components["schemas"]["ProofIn"] | null;
            /**
             * Session Id
             * Format: uuid
             */
            session_id: string;
            /** Slot Id */
            slot_id?: string | null;
        };
        /** VisitOut */
        VisitOut: {
            /** Actions */
            actions: components["schemas"]["ActionOut"][];
            /**
             * Answering Org Id
             * Format: uuid
             */
            answering_org_id: string;
            /** Answering Org Name */
            answering_org_name: string;
            /** Attachments */
            attachments: components["schemas"]["AttachmentOut"][];
            /** Booked At */
            booked_at: string | null;
            /** Called At */
            called_at: string | null;
            /** Calls */
            calls: components["schemas"]["CallOut"][];
            /** Checked In At */
            checked_in_at: string | null;
            /** Choose By */
            choose_by: string | null;
            /** Close Reason */
            close_reason: string | null;
            /** Closed At */
            closed_at: string | null;
            /**
             * Complete Due
             * Format: date-time
             */
            complete_due: string;
            /**
             * Consent At
             * Format: date-time
             */
            consent_at: string;
            consent_by: components["schemas"]["ConsentBy"];
            /** Consent Name */
            consent_name: string;
            /** Consent Relation */
            consent_relation: string | null;
            /** Conversation Id */
            conversation_id: string | null;
            /**
             * Department Id
             * Format: uuid
             */
            department_id: string;
            /** Diagnosis Icd10 */
            diagnosis_icd10: string;
            /** Diagnosis Text */
            diagnosis_text: string;
            /**
             * Doctor Id
             * Format: uuid
             */
            doctor_id: string;
            /** Doctor Name */
            doctor_name: string;
            /** Document Id */
            document_id: string | null;
            /** Fee Fen */
            fee_fen: number;
            /** Finished At */
            finished_at: string | null;
            /** First Reply At */
            first_reply_at: string | null;
            /** First Reply Due */
            first_reply_due: string | null;
            /**
             * Hold Until
             * Format: date-time
             */
            hold_until: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Missed Count */
            missed_count: number;
            mode: components["schemas"]["ClinicMode"];
            /** Number */
            number: string;
            /**
             * Order Id
             * Format: uuid
             */
            order_id: string;
            /** Outcome */
            outcome: string | null;
            /** Overdue */
            overdue: boolean;
            /**
             * Patient Id
             * Format: uuid
             */
            patient_id: string;
            /** Patient Name */
            patient_name: string;
            /** Proof File Ids */
            proof_file_ids: string[];
            proof_kind: components["schemas"]["ProofKind"];
            /** Proof Problem Id */
            proof_problem_id: string | null;
            /** Proxy Doctor Id */
            proxy_doctor_id: string | null;
            queue: components["schemas"]["QueuePlace"] | null;
            /** Reason */
            reason: string;
            record: components["schemas"]["OutpatientRecordOut"] | null;
            /** Record Snapshot */
            record_snapshot: {
                [key: string]: unknown;
            } | null;
            /** Refunded Fen */
            refunded_fen: number;
            /**
             * Requested At
             * Format: date-time
             */
            requested_at: string;
            /** Requested By Name */
            requested_by_name: string;
            /**
             * Requesting Org Id
             * Format: uuid
             */
            requesting_org_id: string;
            /** Requesting Org Name */
            requesting_org_name: string;
            /**
             * Session Id
             * Format: uuid
             */
            session_id: string;
            /**
             * Slot Id
             * Format: uuid
             */
            slot_id: string;
            /**
             * Slot Starts At
             * Format: date-time
             */
            slot_starts_at: string;
            /** Started At */
            started_at: string | null;
            /** Started By */
            started_by: string | null;
            /** Started By Name */
            started_by_name: string | null;
            state: components["schemas"]["yilian__clinic__visits__models__State"];
            /** Summary */
            summary: string;
            /** Timeline */
            timeline: components["schemas"]["StepOut"][];
            urgency: components["schemas"]["Urgency"];
        };
        /** VisitReasonIn */
        VisitReasonIn: {
            /** Reason */
            reason: string;
        };
        /** VisitStatsOut */
        VisitStatsOut: {
            /**
             * End
             * Format: date-time
             */
            end: string;
            /** Group */
            group: string;
            /** Rows */
            rows: components["schemas"]["VisitStatsRow"][];
            /**
             * Start
             * Format: date-time
             */
            start: string;
            total: components["schemas"]["VisitStatsRow"];
        };
        /** VisitStatsRow */
        VisitStatsRow: {
            /** Booked */
            booked: number;
            /** Ended */
            ended: {
                [key: string]: number;
            };
            /** Finished */
            finished: number;
            /** Key */
            key: string;
            /** Label */
            label: string;
            /** Refunded Fen */
            refunded_fen: number;
            /** Refunds */
            refunds: number;
            /** Response Median Minutes */
            response_median_minutes: number | null;
            /** Wait Median Minutes */
            wait_median_minutes: number | null;
        };
        /** VisitSummary */
        VisitSummary: {
            /**
             * Answering Org Id
             * Format: uuid
             */
            answering_org_id: string;
            /** Answering Org Name */
            answering_org_name: string;
            /**
             * Complete Due
             * Format: date-time
             */
            complete_due: string;
            /** Diagnosis Icd10 */
            diagnosis_icd10: string;
            /**
             * Doctor Id
             * Format: uuid
             */
            doctor_id: string;
            /** Doctor Name */
            doctor_name: string;
            /** Fee Fen */
            fee_fen: number;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            mode: components["schemas"]["ClinicMode"];
            /** Number */
            number: string;
            /** Overdue */
            overdue: boolean;
            /**
             * Patient Id
             * Format: uuid
             */
            patient_id: string;
            /** Patient Name */
            patient_name: string;
            /**
             * Requested At
             * Format: date-time
             */
            requested_at: string;
            /** Requested By Name */
            requested_by_name: string;
            /**
             * Requesting Org Id
             * Format: uuid
             */
            requesting_org_id: string;
            /** Requesting Org Name */
            requesting_org_name: string;
            /**
             * Session Id
             * Format: uuid
             */
            session_id: string;
            /**
             * Slot Starts At
             * Format: date-time
             */
            slot_starts_at: string;
            state: components["schemas"]["yilian__clinic__visits__models__State"];
            urgency: components["schemas"]["Urgency"];
        };
        /** VoidIn */
        VoidIn: {
            /** Reason */
            reason: string;
        };
        /** WarningOut */
        WarningOut: {
            /** Code */
            code: string;
            /** Line */
            line: number;
            /** Params */
            params: {
                [key: string]: unknown;
            };
            /** Reason */
            reason?: string | null;
        };
        /** Workbench */
        Workbench: {
            /**
             * Conversations
             * @description those with unread messages
             */
            conversations: components["schemas"]["ConversationSummary"][];
            /**
             * Counts
             * @description for the menu: per case kind what waits, followups, messages
             */
            counts: {
                [key: string]: number;
            };
            /**
             * Followups
             * @description open tasks due within a week, or late
             */
            followups: components["schemas"]["TaskOut"][];
            /** Followups Total */
            followups_total: number;
            /**
             * Reservations
             * @description a patient's coming referral bookings
             */
            reservations: components["schemas"]["AgendaItem"][];
            /**
             * Sessions
             * @description staff: today's booked sessions (Asia/Shanghai); a patient: coming ones
             */
            sessions: components["schemas"]["AgendaItem"][];
            /**
             * Todo
             * @description late first, then by the nearest limit, oldest
             */
            todo: components["schemas"]["TodoItem"][];
            /** Todo By Kind */
            todo_by_kind: components["schemas"]["KindTodo"][];
            /** Unread Messages */
            unread_messages: number;
            /** Unread Notifications */
            unread_notifications: number;
        };
        /** DepartmentOut */
        yilian__alliance__schemas__DepartmentOut: {
            /** Active */
            active: boolean;
            /** Code */
            code: string;
            /** Head Name */
            head_name: string | null;
            /** Head User Id */
            head_user_id: string | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Location */
            location: string | null;
            /** Name */
            name: string;
            /** Name En */
            name_en: string;
            /**
             * Organisation Id
             * Format: uuid
             */
            organisation_id: string;
            /** Phone */
            phone: string | null;
            /**
             * Standard
             * @description named by the national catalogue
             */
            standard: boolean;
        };
        /** ConsentIn */
        yilian__cases__schemas__ConsentIn: {
            /**
             * At
             * Format: date-time
             * @description an ISO 8601 date and time with its offset, e.g. 2026-11-24T10:00:00+08:00; 1900-01-01 to 2099-12-31
             */
            at: string;
            by: components["schemas"]["ConsentBy"];
            /** File Id */
            file_id?: string | null;
            /** Name */
            name: string;
            /** Relation */
            relation?: string | null;
        };
        /**
         * State
         * @enum {string}
         */
        yilian__clinic__visits__models__State: "held" | "booked" | "waiting" | "called" | "in_visit" | "finished" | "lapsed" | "cancelled" | "not_eligible" | "referred_offline" | "no_show" | "closed" | "unanswered" | "stopped";
        /**
         * State
         * @enum {string}
         */
        yilian__consultation__models__State: "requested" | "routed" | "assigned" | "dispatched" | "panel_confirmed" | "scheduled" | "info_requested" | "in_session" | "reported" | "completed" | "declined" | "cancelled";
        /** DepartmentOut */
        yilian__consultation__schemas__DepartmentOut: {
            answer: components["schemas"]["DepartmentAnswer"];
            /** Answered At */
            answered_at: string | null;
            /** Answered By Name */
            answered_by_name: string | null;
            /**
             * Department Id
             * Format: uuid
             */
            department_id: string;
            /** Lead */
            lead: boolean;
            /** Name */
            name: string;
            /** Name En */
            name_en: string;
            /** Reason */
            reason: string | null;
        };
        /** FileOut */
        yilian__files__schemas__FileOut: {
            /** Content Type */
            content_type: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Entity Id */
            entity_id: string | null;
            /** Entity Type */
            entity_type: string | null;
            /** Filename */
            filename: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Is Image */
            is_image: boolean;
            /**
             * Owner User Id
             * Format: uuid
             */
            owner_user_id: string;
            /** Sha256 */
            sha256: string;
            /** Size */
            size: number;
        };
        /** FileOut */
        yilian__messaging__conversations__schemas__FileOut: {
            /** Content Type */
            content_type: string;
            /** Filename */
            filename: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Is Image */
            is_image: boolean;
            /** Size */
            size: number;
        };
        /** ConsentIn */
        yilian__patients__schemas__ConsentIn: {
            /**
             * Expires At
             * Format: date-time
             * @description an ISO 8601 date and time with its offset, e.g. 2026-11-24T10:00:00+08:00; 1900-01-01 to 2099-12-31
             */
            expires_at: string;
            /**
             * Organisation Id
             * Format: uuid
             */
            organisation_id: string;
            /**
             * Scope
             * @default record
             * @constant
             */
            scope: "record";
        };
        /**
         * State
         * @enum {string}
         */
        yilian__pharmacy__prescriptions__models__State: "in_review" | "returned" | "approved" | "paid" | "dispensed" | "collected" | "in_transit" | "at_clinic" | "received" | "voided" | "cancelled" | "lapsed";
        /**
         * State
         * @enum {string}
         */
        yilian__referral__models__State: "requested" | "accepted" | "arrived" | "treated" | "returned" | "no_show" | "rejected" | "reraised" | "cancelled";
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    list_agreements_api_v1_agreements_get: {
        parameters: {
            query?: {
                /** @description either party */
                organisation_id?: string | null;
                service?: components["schemas"]["AgreementService"] | null;
                active?: boolean | null;
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_AgreementOut_"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    create_agreement_api_v1_agreements_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AgreementIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgreementOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    get_agreement_api_v1_agreements__agreement_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agreement_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgreementOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    update_agreement_api_v1_agreements__agreement_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agreement_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AgreementPatch"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgreementOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    deactivate_agreement_api_v1_agreements__agreement_id__deactivate_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agreement_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgreementOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    search_audit_api_v1_audit_get: {
        parameters: {
            query?: {
                actor?: string | null;
                action?: string | null;
                entity_type?: string | null;
                entity_id?: string | null;
                outcome?: ("ok" | "denied" | "failed") | null;
                flag?: string | null;
                since?: string | null;
                until?: string | null;
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_AuditRow_"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    search_access_log_api_v1_audit_access_log_get: {
        parameters: {
            query?: {
                patient_id?: string | null;
                actor?: string | null;
                action?: string | null;
                basis?: components["schemas"]["Basis"] | null;
                since?: string | null;
                until?: string | null;
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_AccessRow_"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    verify_chain_api_v1_audit_verify_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VerifyOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    login_api_v1_auth_login_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoginOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    login_totp_api_v1_auth_login_totp_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TotpLoginIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoginOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    logout_api_v1_auth_logout_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    me_api_v1_auth_me_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    change_password_api_v1_auth_password_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasswordChangeIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    step_up_api_v1_auth_step_up_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StepUpIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StepUpOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    switch_grant_api_v1_auth_switch_grant_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SwitchGrantIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    totp_enable_api_v1_auth_totp_enable_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TotpEnableIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    totp_setup_api_v1_auth_totp_setup_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TotpSetupOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    list_slots_api_v1_availability_get: {
        parameters: {
            query?: {
                /** @description the doctor; yourself when omitted */
                user_id?: string | null;
                /** @description from (default: now) */
                start?: string | null;
                /** @description until (default: 14 days after start; at most 62 days after it) */
                end?: string | null;
                /** @description true: only bookable times; false: only booked ones */
                free?: boolean | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SlotOut"][];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    create_slots_api_v1_availability_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SlotsIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SlotOut"][];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    list_doctors_api_v1_availability_doctors_get: {
        parameters: {
            query?: {
                /** @description default: your active role's organisation */
                organisation_id?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DoctorOut"][];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    withdraw_slot_api_v1_availability__slot_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                slot_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SlotOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    departments_api_v1_clinic_departments_get: {
        parameters: {
            query?: {
                /** @description what troubles the patient, in their words */
                symptom?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DepartmentsOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    find_doctors_api_v1_clinic_doctors_get: {
        parameters: {
            query?: {
                organisation_id?: string | null;
                department_id?: string | null;
                /** @description e.g. 03.04 */
                department_code?: string | null;
                /** @description part of the doctor's name */
                name?: string | null;
                /** @description e.g. 头痛, 胸闷 */
                symptom?: string | null;
                mode?: components["schemas"]["ClinicMode"] | null;
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_DoctorCard_"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    doctor_sessions_api_v1_clinic_doctors__user_id__sessions_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenSessionOut"][];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    get_fees_api_v1_clinic_fees__organisation_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                organisation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FeesOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    put_fees_api_v1_clinic_fees__organisation_id__put: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                organisation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FeesIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FeesOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    get_profile_api_v1_clinic_profiles__user_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProfileOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    put_profile_api_v1_clinic_profiles__user_id__put: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ProfileIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProfileOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    queue_board_api_v1_clinic_queue_board_get: {
        parameters: {
            query: {
                organisation_id: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BoardOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    list_sessions_api_v1_clinic_sessions_get: {
        parameters: {
            query?: {
                organisation_id?: string | null;
                department_id?: string | null;
                doctor_id?: string | null;
                /** @description first day (Beijing time) */
                day_from?: string | null;
                /** @description last day (Beijing time) */
                day_to?: string | null;
                /** @description only my own sessions (a doctor sees only these) */
                mine?: boolean;
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_SessionOut_"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    create_session_api_v1_clinic_sessions_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SessionIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    patch_session_api_v1_clinic_sessions__session_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SessionPatch"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    call_next_api_v1_clinic_sessions__session_id__call_next_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VisitOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    queue_api_v1_clinic_sessions__session_id__queue_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueueOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    stop_session_api_v1_clinic_sessions__session_id__stop_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StopIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    substitute_api_v1_clinic_sessions__session_id__substitute_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SubstituteIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    visit_stats_api_v1_clinic_stats_get: {
        parameters: {
            query: {
                start: string;
                end: string;
                group?: "month" | "organisation" | "department" | "mode";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VisitStatsOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    today_board_api_v1_clinic_today_get: {
        parameters: {
            query?: {
                /** @description one organisation (default: all those the reader covers) */
                organisation_id?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TodayOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    list_visits_api_v1_clinic_visits_get: {
        parameters: {
            query?: {
                state?: components["schemas"]["yilian__clinic__visits__models__State"] | null;
                session_id?: string | null;
                patient_id?: string | null;
                sort?: "time" | "newest";
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_VisitSummary_"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    book_visit_api_v1_clinic_visits_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VisitIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VisitOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    get_visit_api_v1_clinic_visits__visit_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                visit_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VisitOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    online_visit_attachments_api_v1_clinic_visits__visit_id__attachments_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                visit_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AttachIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VisitOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    online_visit_calls_api_v1_clinic_visits__visit_id__calls_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                visit_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CallIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VisitOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    online_visit_cancel_api_v1_clinic_visits__visit_id__cancel_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                visit_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VisitReasonIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VisitOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    online_visit_check_in_api_v1_clinic_visits__visit_id__check_in_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                visit_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Empty"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VisitOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    online_visit_finish_api_v1_clinic_visits__visit_id__finish_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                visit_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OutpatientRecordIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VisitOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    online_visit_miss_api_v1_clinic_visits__visit_id__miss_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                visit_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Empty"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VisitOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    online_visit_move_api_v1_clinic_visits__visit_id__move_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                visit_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MoveIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VisitOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    move_options_api_v1_clinic_visits__visit_id__move_options_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                visit_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MoveOption"][];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    online_visit_not_eligible_api_v1_clinic_visits__visit_id__not_eligible_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                visit_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VisitReasonIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VisitOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    online_visit_refer_offline_api_v1_clinic_visits__visit_id__refer_offline_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                visit_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VisitReasonIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VisitOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    online_visit_start_api_v1_clinic_visits__visit_id__start_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                visit_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Empty"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VisitOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    revoke_consent_api_v1_consents__consent_id__revoke_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                consent_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsentOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    list_consultations_api_v1_consultations_get: {
        parameters: {
            query?: {
                state?: components["schemas"]["yilian__consultation__models__State"] | null;
                kind?: components["schemas"]["Kind"] | null;
                urgency?: components["schemas"]["Urgency"] | null;
                overdue?: boolean;
                mine?: boolean;
                side?: ("inviting" | "invited") | null;
                patient_id?: string | null;
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_ConsultationSummary_"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    apply_api_v1_consultations_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApplicationIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsultationOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    consultation_stats_api_v1_consultations_stats_get: {
        parameters: {
            query: {
                start: string;
                end: string;
                group_by?: "organisation" | "inviting_organisation" | "department" | "month";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StatsOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    get_consultation_api_v1_consultations__consultation_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                consultation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsultationOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    consultation_acknowledge_api_v1_consultations__consultation_id__acknowledge_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                consultation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Empty"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsultationOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    consultation_addenda_api_v1_consultations__consultation_id__addenda_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                consultation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AddendumIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsultationOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    consultation_answer_api_v1_consultations__consultation_id__answer_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                consultation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AnswerIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsultationOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    consultation_assign_api_v1_consultations__consultation_id__assign_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                consultation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AssignIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsultationOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    consultation_attachments_api_v1_consultations__consultation_id__attachments_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                consultation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AttachIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsultationOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    consultation_book_api_v1_consultations__consultation_id__book_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                consultation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BookIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsultationOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    consultation_cancel_api_v1_consultations__consultation_id__cancel_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                consultation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReasonIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsultationOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    candidates_api_v1_consultations__consultation_id__candidates_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                consultation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CandidateOut"][];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    consultation_confirm_panel_api_v1_consultations__consultation_id__confirm_panel_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                consultation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Empty"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsultationOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    consultation_coordinator_api_v1_consultations__consultation_id__coordinator_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                consultation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CoordinatorIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsultationOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    consultation_decline_api_v1_consultations__consultation_id__decline_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                consultation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReasonIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsultationOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    departments_api_v1_consultations__consultation_id__departments_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                consultation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DepartmentChoice"][];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    consultation_dispatch_api_v1_consultations__consultation_id__dispatch_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                consultation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DispatchIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsultationOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    save_draft_api_v1_consultations__consultation_id__draft_put: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                consultation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReportIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsultationOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    consultation_opinion_api_v1_consultations__consultation_id__opinion_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                consultation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OpinionIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsultationOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    consultation_publish_api_v1_consultations__consultation_id__publish_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                consultation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Empty"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsultationOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    consultation_request_info_api_v1_consultations__consultation_id__request_info_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                consultation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InfoRequestIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsultationOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    consultation_reschedule_api_v1_consultations__consultation_id__reschedule_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                consultation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RescheduleIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsultationOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    consultation_return_api_v1_consultations__consultation_id__return_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                consultation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReasonIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsultationOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    consultation_route_api_v1_consultations__consultation_id__route_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                consultation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RouteIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsultationOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    consultation_start_api_v1_consultations__consultation_id__start_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                consultation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StartIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsultationOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    consultation_supply_info_api_v1_consultations__consultation_id__supply_info_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                consultation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SupplyInfoIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsultationOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    consultation_withdraw_api_v1_consultations__consultation_id__withdraw_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                consultation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReasonIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsultationOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    my_conversations_api_v1_conversations_get: {
        parameters: {
            query?: {
                case_type?: components["schemas"]["CaseType"] | null;
                state?: components["schemas"]["ConversationState"] | null;
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_ConversationSummary_"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    get_conversation_api_v1_conversations__conversation_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    list_messages_api_v1_conversations__conversation_id__messages_get: {
        parameters: {
            query?: {
                /** @description messages after this seq */
                after?: number | null;
                /** @description messages before this seq */
                before?: number | null;
                limit?: number;
            };
            header?: never;
            path: {
                conversation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessagePage"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    post_message_api_v1_conversations__conversation_id__messages_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MessageIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    retract_message_api_v1_conversations__conversation_id__messages__message_id__retract_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
                message_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RetractIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    mark_read_api_v1_conversations__conversation_id__read_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReadIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReadOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    department_catalogue_api_v1_department_catalogue_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogueEntry"][];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    update_department_api_v1_departments__department_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                department_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DepartmentPatch"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["yilian__alliance__schemas__DepartmentOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    deactivate_department_api_v1_departments__department_id__deactivate_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                department_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["yilian__alliance__schemas__DepartmentOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    list_centres_api_v1_diagnosis_centres_get: {
        parameters: {
            query?: {
                /** @description the host or a member */
                organisation_id?: string | null;
                kind?: components["schemas"]["CentreKind"] | null;
                active?: boolean | null;
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_CentreOut_"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    create_centre_api_v1_diagnosis_centres_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CentreIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CentreOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    get_centre_api_v1_diagnosis_centres__centre_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                centre_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CentreOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    update_centre_api_v1_diagnosis_centres__centre_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                centre_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CentrePatch"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CentreOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    deactivate_centre_api_v1_diagnosis_centres__centre_id__deactivate_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                centre_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CentreOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    register_entry_api_v1_documents_register_get: {
        parameters: {
            query: {
                number: string;
                code: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RegisterEntryOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    verify_api_v1_documents_verify_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VerificationOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    document_api_v1_documents__document_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IssuedDocumentOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    document_pdf_api_v1_documents__document_id__pdf_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                    "application/pdf": string;
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    file_info_api_v1_files__file_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                file_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["yilian__files__schemas__FileOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    file_content_api_v1_files__file_id__content_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                file_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": unknown;
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    list_tasks_api_v1_followup_tasks_get: {
        parameters: {
            query?: {
                state?: ("open" | "done") | null;
                /** @description only those I am to do: assigned to me, or to nobody at my organisation */
                mine?: boolean;
                patient_id?: string | null;
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_TaskOut_"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    complete_api_v1_followup_tasks__task_id__complete_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                task_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CompleteIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    list_notifications_api_v1_notifications_get: {
        parameters: {
            query?: {
                /** @description only those not read yet */
                unread?: boolean;
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_NotificationOut_"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    get_preferences_api_v1_notifications_preferences_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PreferencesOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    set_preferences_api_v1_notifications_preferences_patch: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PreferencesIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PreferencesOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    mark_all_read_api_v1_notifications_read_all_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnreadCount"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    unread_count_api_v1_notifications_unread_count_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnreadCount"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    mark_read_api_v1_notifications__notification_id__read_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                notification_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnreadCount"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    list_organisations_api_v1_organisations_get: {
        parameters: {
            query?: {
                /** @description part of the name */
                q?: string | null;
                level?: components["schemas"]["OrgLevel"] | null;
                parent_id?: string | null;
                active?: boolean | null;
                /** @description division code or its leading digits */
                division_code?: string | null;
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_OrganisationOut_"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    create_organisation_api_v1_organisations_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OrganisationIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrganisationOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    organisation_tree_api_v1_organisations_tree_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrganisationNode"][];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    get_organisation_api_v1_organisations__org_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                org_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrganisationOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    update_organisation_api_v1_organisations__org_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                org_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OrganisationPatch"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrganisationOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    deactivate_organisation_api_v1_organisations__org_id__deactivate_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                org_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrganisationOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    list_departments_api_v1_organisations__org_id__departments_get: {
        parameters: {
            query?: {
                active?: boolean | null;
            };
            header?: never;
            path: {
                org_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["yilian__alliance__schemas__DepartmentOut"][];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    create_department_api_v1_organisations__org_id__departments_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                org_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DepartmentIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["yilian__alliance__schemas__DepartmentOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    get_sla_api_v1_organisations__org_id__sla_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                org_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SlaOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    set_sla_api_v1_organisations__org_id__sla_put: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                org_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SlaIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SlaOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    create_patient_account_api_v1_patient_accounts_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PatientAccountCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: string;
                    };
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    add_proxy_api_v1_patient_accounts__account_id__proxies_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                account_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ProxyIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: string;
                    };
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    search_patients_api_v1_patients_get: {
        parameters: {
            query?: {
                /** @description the name, or its beginning (surname) */
                q?: string | null;
                resident_id?: string | null;
                phone?: string | null;
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_PatientSummary_"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    create_patient_api_v1_patients_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PatientIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PatientOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    break_glass_log_api_v1_patients_break_glass_log_get: {
        parameters: {
            query?: {
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_AccessLogEntry_"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    get_patient_api_v1_patients__patient_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                patient_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PatientOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    patch_patient_api_v1_patients__patient_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                patient_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PatientPatch"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PatientOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    access_log_api_v1_patients__patient_id__access_log_get: {
        parameters: {
            query?: {
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path: {
                patient_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_AccessLogEntry_"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    add_allergies_api_v1_patients__patient_id__allergies_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                patient_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AllergyIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: string;
                    };
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    break_glass_api_v1_patients__patient_id__break_glass_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                patient_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BreakGlassIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BreakGlassOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    list_consents_api_v1_patients__patient_id__consents_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                patient_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsentOut"][];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    grant_consent_api_v1_patients__patient_id__consents_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                patient_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["yilian__patients__schemas__ConsentIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsentOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    add_encounters_api_v1_patients__patient_id__encounters_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                patient_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EncounterIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: string;
                    };
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    reveal_identifiers_api_v1_patients__patient_id__identifiers_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                patient_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IdentifiersIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PatientIdentifiers"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    add_medications_api_v1_patients__patient_id__medications_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                patient_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MedicationIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: string;
                    };
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    add_problems_api_v1_patients__patient_id__problems_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                patient_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ProblemIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: string;
                    };
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    list_reconciliations_api_v1_patients__patient_id__reconciliations_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                patient_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReconciliationSummary"][];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    get_record_api_v1_patients__patient_id__record_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                patient_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecordOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    void_entry_api_v1_patients__patient_id___kind___entry_id__void_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                patient_id: string;
                kind: "problems" | "allergies" | "medications";
                entry_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VoidIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    get_channels_api_v1_payments_channels__organisation_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                organisation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentChannelsOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    put_channel_api_v1_payments_channels__organisation_id__put: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                organisation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PaymentChannelIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentChannelsOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    notify_alipay_api_v1_payments_notify_alipay__organisation_id__post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                organisation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description recorded (or recorded before) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": "success";
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    notify_wechat_api_v1_payments_notify_wechat__organisation_id__post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                organisation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentNotifyAck"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    list_orders_api_v1_payments_orders_get: {
        parameters: {
            query?: {
                state?: components["schemas"]["OrderState"] | null;
                /** @description made on this day (Beijing time) */
                day?: string | null;
                patient_id?: string | null;
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_PaymentOrderOut_"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    get_order_api_v1_payments_orders__order_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                order_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentOrderOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    cancel_api_v1_payments_orders__order_id__cancel_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                order_id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PaymentCancelIn"] | null;
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentOrderOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    collect_api_v1_payments_orders__order_id__collect_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                order_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PaymentCollectIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentOrderOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    demo_confirm_api_v1_payments_orders__order_id__demo_confirm_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                order_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentOrderOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    pay_api_v1_payments_orders__order_id__pay_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                order_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PayIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    refund_api_v1_payments_orders__order_id__refunds_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                order_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PaymentRefundIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentOrderOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    reconciliation_api_v1_payments_reconciliation_get: {
        parameters: {
            query: {
                organisation_id: string;
                /** @description the day (Beijing time) */
                day: string;
                channel?: components["schemas"]["ChannelName"] | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentReconciliationOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    search_api_v1_pharmacy_organisations__org_id__catalogue_get: {
        parameters: {
            query?: {
                /** @description a code's beginning, part of a name, or the names' pinyin initials (XBD finds 硝苯地平控释片) */
                q?: string | null;
                /** @description also the drugs taken off the list */
                include_inactive?: boolean;
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path: {
                org_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_DrugOut_"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    create_drug_api_v1_pharmacy_organisations__org_id__catalogue_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                org_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DrugIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DrugOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    list_imports_api_v1_pharmacy_organisations__org_id__catalogue_imports_get: {
        parameters: {
            query?: {
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path: {
                org_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_ImportOut_"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    start_import_api_v1_pharmacy_organisations__org_id__catalogue_imports_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                org_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ImportIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportDetailOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    get_import_api_v1_pharmacy_organisations__org_id__catalogue_imports__import_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                org_id: string;
                import_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportDetailOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    get_drug_api_v1_pharmacy_organisations__org_id__catalogue__drug_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                org_id: string;
                drug_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DrugOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    patch_drug_api_v1_pharmacy_organisations__org_id__catalogue__drug_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                org_id: string;
                drug_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DrugPatch"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DrugOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    deactivate_api_v1_pharmacy_organisations__org_id__catalogue__drug_id__deactivate_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                org_id: string;
                drug_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DeactivateIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DrugOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    reactivate_api_v1_pharmacy_organisations__org_id__catalogue__drug_id__reactivate_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                org_id: string;
                drug_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DrugOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    stock_api_v1_pharmacy_organisations__org_id__stock_get: {
        parameters: {
            query?: {
                /** @description a code's beginning, part of a name, or the names' pinyin initials (XBD finds 硝苯地平控释片) */
                q?: string | null;
                /** @description also the drugs taken off the list */
                include_inactive?: boolean;
                /** @description out: out of stock; expiring: a batch expires within 30 days */
                only?: ("out" | "expiring") | null;
                /** @description also the emptied batches */
                all_batches?: boolean;
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path: {
                org_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_StockOut_"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    adjust_api_v1_pharmacy_organisations__org_id__stock_batches__batch_id__adjust_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                org_id: string;
                batch_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AdjustIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StockOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    receive_api_v1_pharmacy_organisations__org_id__stock_receipts_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                org_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReceiveIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StockOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    drug_stock_api_v1_pharmacy_organisations__org_id__stock__drug_id__get: {
        parameters: {
            query?: {
                /** @description also the emptied batches */
                all_batches?: boolean;
            };
            header?: never;
            path: {
                org_id: string;
                drug_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StockOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    list_prescriptions_api_v1_pharmacy_prescriptions_get: {
        parameters: {
            query?: {
                state?: components["schemas"]["yilian__pharmacy__prescriptions__models__State"] | null;
                /** @description a pharmacy's queue, or the pick-ups at the reader's clinic */
                side?: ("review" | "dispense" | "ship" | "pickup") | null;
                visit_id?: string | null;
                patient_id?: string | null;
                sort?: "oldest" | "newest";
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_PrescriptionSummary_"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    sign_prescription_api_v1_pharmacy_prescriptions_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PrescriptionIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PrescriptionOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    check_api_v1_pharmacy_prescriptions_check_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PrescriptionIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    get_prescription_api_v1_pharmacy_prescriptions__prescription_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                prescription_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PrescriptionOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    prescription_arrive_api_v1_pharmacy_prescriptions__prescription_id__arrive_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                prescription_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Empty"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PrescriptionOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    prescription_cancel_api_v1_pharmacy_prescriptions__prescription_id__cancel_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                prescription_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReasonIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PrescriptionOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    prescription_checkout_api_v1_pharmacy_prescriptions__prescription_id__checkout_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                prescription_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CheckoutIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PrescriptionOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    prescription_collect_api_v1_pharmacy_prescriptions__prescription_id__collect_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                prescription_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CollectIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PrescriptionOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    prescription_confirm_receipt_api_v1_pharmacy_prescriptions__prescription_id__confirm_receipt_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                prescription_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Empty"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PrescriptionOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    prescription_deliver_api_v1_pharmacy_prescriptions__prescription_id__deliver_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                prescription_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CodeIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PrescriptionOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    prescription_dispense_api_v1_pharmacy_prescriptions__prescription_id__dispense_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                prescription_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Empty"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PrescriptionOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    prescription_hand_over_api_v1_pharmacy_prescriptions__prescription_id__hand_over_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                prescription_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["HandOverIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PrescriptionOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    prescription_pass_api_v1_pharmacy_prescriptions__prescription_id__pass_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                prescription_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PassIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PrescriptionOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    prescription_refund_api_v1_pharmacy_prescriptions__prescription_id__refund_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                prescription_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReasonIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PrescriptionOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    prescription_return_api_v1_pharmacy_prescriptions__prescription_id__return_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                prescription_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReturnIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PrescriptionOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    prescription_transit_api_v1_pharmacy_prescriptions__prescription_id__transit_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                prescription_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Empty"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PrescriptionOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    prescription_void_api_v1_pharmacy_prescriptions__prescription_id__void_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                prescription_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReasonIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PrescriptionOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    practitioner_titles_api_v1_practitioner_titles_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TitleOut"][];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    get_reconciliation_api_v1_reconciliations__reconciliation_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                reconciliation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReconciliationOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    confirm_reconciliation_api_v1_reconciliations__reconciliation_id__confirm_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                reconciliation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConfirmIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReconciliationOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    discard_reconciliation_api_v1_reconciliations__reconciliation_id__discard_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                reconciliation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DiscardIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReconciliationOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    list_referrals_api_v1_referrals_get: {
        parameters: {
            query?: {
                direction?: components["schemas"]["Direction"] | null;
                state?: components["schemas"]["yilian__referral__models__State"] | null;
                side?: ("incoming" | "outgoing") | null;
                overdue?: boolean;
                urgency?: components["schemas"]["Urgency"] | null;
                patient_id?: string | null;
                sort?: "newest" | "priority";
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_ReferralSummary_"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    create_api_v1_referrals_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReferralIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReferralOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    dashboard_api_v1_referrals_dashboard_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenCount"][];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    referral_stats_api_v1_referrals_stats_get: {
        parameters: {
            query: {
                start: string;
                end: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReferralStatsOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    targets_api_v1_referrals_targets_get: {
        parameters: {
            query?: {
                direction?: components["schemas"]["Direction"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TargetOut"][];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    get_referral_api_v1_referrals__referral_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                referral_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReferralOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    referral_accept_api_v1_referrals__referral_id__accept_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                referral_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AcceptIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReferralOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    referral_arrive_api_v1_referrals__referral_id__arrive_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                referral_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Empty"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReferralOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    referral_attachments_api_v1_referrals__referral_id__attachments_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                referral_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AttachIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReferralOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    referral_cancel_api_v1_referrals__referral_id__cancel_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                referral_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReasonIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReferralOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    departments_api_v1_referrals__referral_id__departments_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                referral_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DepartmentChoice"][];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    referral_no_show_api_v1_referrals__referral_id__no_show_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                referral_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Empty"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReferralOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    referral_redirect_api_v1_referrals__referral_id__redirect_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                referral_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RedirectIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReferralOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    referral_reject_api_v1_referrals__referral_id__reject_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                referral_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReasonIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReferralOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    referral_reraise_api_v1_referrals__referral_id__reraise_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                referral_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReraiseIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReferralOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    referral_treat_api_v1_referrals__referral_id__treat_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                referral_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TreatIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReferralOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    create_upload_api_v1_uploads_post: {
        parameters: {
            query?: never;
            header?: {
                "tus-resumable"?: string | null;
                /** @description the whole file's size in bytes */
                "upload-length"?: string | null;
                /** @description tus metadata: `filename` and `filetype`, base64 */
                "upload-metadata"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UploadOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    upload_options_api_v1_uploads_options: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    upload_status_api_v1_uploads__upload_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                upload_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UploadOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    terminate_upload_api_v1_uploads__upload_id__delete: {
        parameters: {
            query?: never;
            header?: {
                "tus-resumable"?: string | null;
            };
            path: {
                upload_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    upload_chunk_api_v1_uploads__upload_id__patch: {
        parameters: {
            query?: never;
            header?: {
                "tus-resumable"?: string | null;
                /** @description where this chunk starts */
                "upload-offset"?: string | null;
                "content-type"?: string | null;
                "content-length"?: string | null;
            };
            path: {
                upload_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    list_users_api_v1_users_get: {
        parameters: {
            query?: {
                q?: string | null;
                organisation_id?: string | null;
                role?: components["schemas"]["Role"] | null;
                cursor?: string | null;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_UserOut_"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    create_user_api_v1_users_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UserCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    get_user_api_v1_users__user_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    patch_user_api_v1_users__user_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UserPatch"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    add_grant_api_v1_users__user_id__grants_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GrantIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    revoke_grant_api_v1_users__user_id__grants__grant_id__revoke_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
                grant_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    reset_password_api_v1_users__user_id__password_reset_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasswordResetIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    add_registration_api_v1_users__user_id__registrations_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegistrationIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    reset_totp_api_v1_users__user_id__totp_reset_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    unlock_api_v1_users__user_id__unlock_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    set_verification_api_v1_users__user_id__verification_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VerificationIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    get_ice_servers_api_v1_video_ice_servers_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IceServersOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    get_room_api_v1_video_rooms__conversation_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoomOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    hand_api_v1_video_rooms__conversation_id__hand_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["HandIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoomOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    join_room_api_v1_video_rooms__conversation_id__join_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JoinOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    leave_room_api_v1_video_rooms__conversation_id__leave_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoomOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    mute_participant_api_v1_video_rooms__conversation_id__participants__user_id__mute_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
                user_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MuteIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoomOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    start_recording_api_v1_video_rooms__conversation_id__recording_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RecordingIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoomOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    acknowledge_recording_api_v1_video_rooms__conversation_id__recording_ack_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoomOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    stop_recording_api_v1_video_rooms__conversation_id__recording_stop_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoomOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    screen_api_v1_video_rooms__conversation_id__screen_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ScreenIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoomOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    spotlight_api_v1_video_rooms__conversation_id__spotlight_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SpotlightIn"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoomOut"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    workbench_api_v1_workbench_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Workbench"];
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    healthz_healthz_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: string;
                    };
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
    readyz_readyz_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Problem (RFC 9457) */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": {
                        code: string;
                        detail?: string;
                        errors?: Record<string, never>[];
                        instance?: string;
                        status: number;
                        title: string;
                        title_en?: string;
                        title_zh?: string;
                        type: string;
                    };
                };
            };
        };
    };
}
