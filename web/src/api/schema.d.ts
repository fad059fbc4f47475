/**
 * MDL API types, generated from the served OpenAPI document by `npm run gen:api` (scripts/gen-web-api.ts).
 * Do not edit: tests/unit/web-api-types.test.ts fails when this file and the document differ.
 */

export interface paths {
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is up */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok" | "degraded" | "unavailable";
                            checks?: {
                                [key: string]: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Ready to serve: the database answers (and whether writes fail) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok" | "degraded" | "unavailable";
                            checks?: {
                                [key: string]: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok" | "degraded" | "unavailable";
                            checks?: {
                                [key: string]: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics: database write failures and the process */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/jwks.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Public keys (JWKS) that verify access tokens */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/metrics/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Counts of metrics by tier, domain, category, type, status, owner and classification */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            total: number;
                            by: {
                                tier: {
                                    [key: string]: number;
                                };
                                domain: {
                                    [key: string]: number;
                                };
                                category: {
                                    [key: string]: number;
                                };
                                metric_type: {
                                    [key: string]: number;
                                };
                                status: {
                                    [key: string]: number;
                                };
                                owner: {
                                    [key: string]: number;
                                };
                                classification: {
                                    [key: string]: number;
                                };
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/metrics/facets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Facet counts for the list's filters: each facet counted with the other facets' filters, not its own */
        get: {
            parameters: {
                query?: {
                    /** @description repeat the parameter or separate values with commas; values are OR-ed */
                    domain?: string[];
                    /** @description repeat the parameter or separate values with commas; values are OR-ed */
                    tier?: string[];
                    /** @description repeat the parameter or separate values with commas; values are OR-ed */
                    category?: string[];
                    /** @description repeat the parameter or separate values with commas; values are OR-ed */
                    metric_type?: string[];
                    /** @description repeat the parameter or separate values with commas; values are OR-ed */
                    status?: string[];
                    /** @description repeat the parameter or separate values with commas; values are OR-ed */
                    owner?: string[];
                    /** @description repeat the parameter or separate values with commas; values are OR-ed */
                    owner_team?: string[];
                    /** @description repeat the parameter or separate values with commas; values are OR-ed */
                    classification?: string[];
                    /** @description repeat the parameter or separate values with commas; values are OR-ed */
                    tag?: string[];
                    /** @description full-text search over name, description, formula and tags (prefix match per word) */
                    q?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description metrics matching every filter */
                            total: number;
                            facets: {
                                domain: {
                                    /** @description at most 50, by count (descending) then value */
                                    values: {
                                        value: string;
                                        count: number;
                                    }[];
                                    /** @description the count of the values past the cap */
                                    other: number;
                                };
                                tier: {
                                    /** @description at most 50, by count (descending) then value */
                                    values: {
                                        value: string;
                                        count: number;
                                    }[];
                                    /** @description the count of the values past the cap */
                                    other: number;
                                };
                                status: {
                                    /** @description at most 50, by count (descending) then value */
                                    values: {
                                        value: string;
                                        count: number;
                                    }[];
                                    /** @description the count of the values past the cap */
                                    other: number;
                                };
                                owner_team: {
                                    /** @description at most 50, by count (descending) then value */
                                    values: {
                                        value: string;
                                        count: number;
                                    }[];
                                    /** @description the count of the values past the cap */
                                    other: number;
                                };
                                classification: {
                                    /** @description at most 50, by count (descending) then value */
                                    values: {
                                        value: string;
                                        count: number;
                                    }[];
                                    /** @description the count of the values past the cap */
                                    other: number;
                                };
                                metric_type: {
                                    /** @description at most 50, by count (descending) then value */
                                    values: {
                                        value: string;
                                        count: number;
                                    }[];
                                    /** @description the count of the values past the cap */
                                    other: number;
                                };
                                tag: {
                                    /** @description at most 50, by count (descending) then value */
                                    values: {
                                        value: string;
                                        count: number;
                                    }[];
                                    /** @description the count of the values past the cap */
                                    other: number;
                                };
                            };
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/metrics/governance-gaps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Governance gaps: metrics without an owner, PII without a classification, deprecated metrics still referenced */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            no_owner: {
                                /** @description metrics in the workspace with this gap */
                                count: number;
                                /** @description the first 20 by id */
                                metrics: {
                                    metric_id: string;
                                    name: string;
                                }[];
                            };
                            pii_unclassified: {
                                /** @description metrics in the workspace with this gap */
                                count: number;
                                /** @description the first 20 by id */
                                metrics: {
                                    metric_id: string;
                                    name: string;
                                }[];
                            };
                            deprecated_referenced: {
                                /** @description metrics in the workspace with this gap */
                                count: number;
                                /** @description the first 20 by id */
                                metrics: {
                                    metric_id: string;
                                    name: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List metrics (filters, sort, cursor pagination) */
        get: {
            parameters: {
                query?: {
                    /** @description repeat the parameter or separate values with commas; values are OR-ed */
                    domain?: string[];
                    /** @description repeat the parameter or separate values with commas; values are OR-ed */
                    tier?: string[];
                    /** @description repeat the parameter or separate values with commas; values are OR-ed */
                    category?: string[];
                    /** @description repeat the parameter or separate values with commas; values are OR-ed */
                    metric_type?: string[];
                    /** @description repeat the parameter or separate values with commas; values are OR-ed */
                    status?: string[];
                    /** @description repeat the parameter or separate values with commas; values are OR-ed */
                    owner?: string[];
                    /** @description repeat the parameter or separate values with commas; values are OR-ed */
                    owner_team?: string[];
                    /** @description repeat the parameter or separate values with commas; values are OR-ed */
                    classification?: string[];
                    /** @description repeat the parameter or separate values with commas; values are OR-ed */
                    tag?: string[];
                    /** @description full-text search over name, description, formula and tags (prefix match per word) */
                    q?: string;
                    /** @description a sortable field, prefixed with - for descending (e.g. -updated_at) */
                    sort?: string;
                    /** @description page size, at most 500 */
                    limit?: number;
                    /** @description the next_cursor of the previous page */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                metric_id: string;
                                name: string;
                                short_name?: string | null;
                                description?: string | null;
                                category?: string | null;
                                tier?: string | null;
                                business_domain?: string | null;
                                metric_type?: string | null;
                                tags?: string[];
                                alignment?: {
                                    strategic_pillar?: string | null;
                                    primary_objective_ids?: string[];
                                    related_okr_ids?: string[];
                                    why_it_matters?: string | null;
                                };
                                definition?: {
                                    formula?: string | null;
                                    formula_detail?: string | null;
                                    numerator?: {
                                        event_name?: string | null;
                                        filters?: (string | {
                                            [key: string]: unknown;
                                        })[];
                                    } | null;
                                    denominator?: {
                                        event_name?: string | null;
                                        filters?: (string | {
                                            [key: string]: unknown;
                                        })[];
                                    } | null;
                                    unit?: string | null;
                                    expected_direction?: ("increase" | "decrease" | "maintain" | "") | null;
                                    example_calculation?: {
                                        [key: string]: unknown;
                                    } | null;
                                };
                                data?: {
                                    primary_sources?: {
                                        system?: string | null;
                                        table_or_stream?: string | null;
                                        connection_id?: string | null;
                                    }[];
                                    secondary_sources?: {
                                        system?: string | null;
                                        table_or_stream?: string | null;
                                        connection_id?: string | null;
                                    }[];
                                    data_freshness?: string | null;
                                    update_frequency?: string | null;
                                    time_grain?: string[];
                                    data_retention?: string | null;
                                };
                                governance?: {
                                    data_classification?: string | null;
                                    pii_involved?: boolean | null;
                                    regulatory_constraints?: string[];
                                    owner_team?: string | null;
                                    technical_owner?: string | null;
                                    business_owner?: string | null;
                                    version?: string | null;
                                    status?: string | null;
                                    created_at?: string | null;
                                    updated_at?: string | null;
                                };
                                dimensions?: {
                                    name: string;
                                    allowed_values?: string[];
                                    required?: boolean | null;
                                }[];
                                targets_and_alerts?: {
                                    target_value?: number | null;
                                    warning_threshold?: number | null;
                                    critical_threshold?: number | null;
                                    comparison_baseline?: string | null;
                                    alert_rules?: {
                                        rule_id?: string | null;
                                        name?: string | null;
                                        condition?: string | null;
                                        severity?: string | null;
                                        notify_channels?: string[];
                                        evaluation_window?: string | null;
                                    }[];
                                };
                                visualization?: {
                                    default_chart_type?: string | null;
                                    default_time_range?: string | null;
                                    dashboard_locations?: {
                                        tool?: string | null;
                                        url?: string | null;
                                    }[];
                                    drilldowns?: string[];
                                };
                                relationships?: {
                                    upstream_metric_ids?: string[];
                                    downstream_metric_ids?: string[];
                                    tradeoffs?: string[];
                                };
                                operational_usage?: {
                                    decision_use_cases?: string[];
                                    review_cadence?: string | null;
                                    linked_playbooks?: {
                                        name?: string | null;
                                        url?: string | null;
                                    }[];
                                };
                                metadata?: {
                                    notes?: string | null;
                                    example_queries?: {
                                        language?: string | null;
                                        query?: string | null;
                                    }[];
                                    version?: string | null;
                                    created_at?: string | null;
                                    created_by?: string | null;
                                    last_updated?: string | null;
                                    last_updated_by?: string | null;
                                    change_history?: string[];
                                };
                                extensions?: {
                                    [key: string]: unknown;
                                };
                            }[];
                            /** @description rows matching the filters, across all pages: counted on the first page and carried by next_cursor, so the pages of one chain repeat the first page's count (exact as of that page); a page fetched without a cursor, or with other filters, counts again */
                            total: number;
                            limit: number;
                            next_cursor: string | null;
                            links: {
                                self: string;
                                next: string | null;
                            };
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a metric */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        metric_id: string;
                        name: string;
                        short_name?: string | null;
                        description?: string | null;
                        category?: string | null;
                        tier?: string | null;
                        business_domain?: string | null;
                        metric_type?: string | null;
                        tags?: string[];
                        alignment?: {
                            strategic_pillar?: string | null;
                            primary_objective_ids?: string[];
                            related_okr_ids?: string[];
                            why_it_matters?: string | null;
                        };
                        definition?: {
                            formula?: string | null;
                            formula_detail?: string | null;
                            numerator?: {
                                event_name?: string | null;
                                filters?: (string | {
                                    [key: string]: unknown;
                                })[];
                            } | null;
                            denominator?: {
                                event_name?: string | null;
                                filters?: (string | {
                                    [key: string]: unknown;
                                })[];
                            } | null;
                            unit?: string | null;
                            expected_direction?: ("increase" | "decrease" | "maintain" | "") | null;
                            example_calculation?: {
                                [key: string]: unknown;
                            } | null;
                        };
                        data?: {
                            primary_sources?: {
                                system?: string | null;
                                table_or_stream?: string | null;
                                connection_id?: string | null;
                            }[];
                            secondary_sources?: {
                                system?: string | null;
                                table_or_stream?: string | null;
                                connection_id?: string | null;
                            }[];
                            data_freshness?: string | null;
                            update_frequency?: string | null;
                            time_grain?: string[];
                            data_retention?: string | null;
                        };
                        governance?: {
                            data_classification?: string | null;
                            pii_involved?: boolean | null;
                            regulatory_constraints?: string[];
                            owner_team?: string | null;
                            technical_owner?: string | null;
                            business_owner?: string | null;
                            version?: string | null;
                            status?: string | null;
                            created_at?: string | null;
                            updated_at?: string | null;
                        };
                        dimensions?: {
                            name: string;
                            allowed_values?: string[];
                            required?: boolean | null;
                        }[];
                        targets_and_alerts?: {
                            target_value?: number | null;
                            warning_threshold?: number | null;
                            critical_threshold?: number | null;
                            comparison_baseline?: string | null;
                            alert_rules?: {
                                rule_id?: string | null;
                                name?: string | null;
                                condition?: string | null;
                                severity?: string | null;
                                notify_channels?: string[];
                                evaluation_window?: string | null;
                            }[];
                        };
                        visualization?: {
                            default_chart_type?: string | null;
                            default_time_range?: string | null;
                            dashboard_locations?: {
                                tool?: string | null;
                                url?: string | null;
                            }[];
                            drilldowns?: string[];
                        };
                        relationships?: {
                            upstream_metric_ids?: string[];
                            downstream_metric_ids?: string[];
                            tradeoffs?: string[];
                        };
                        operational_usage?: {
                            decision_use_cases?: string[];
                            review_cadence?: string | null;
                            linked_playbooks?: {
                                name?: string | null;
                                url?: string | null;
                            }[];
                        };
                        metadata?: {
                            notes?: string | null;
                            example_queries?: {
                                language?: string | null;
                                query?: string | null;
                            }[];
                            version?: string | null;
                            created_at?: string | null;
                            created_by?: string | null;
                            last_updated?: string | null;
                            last_updated_by?: string | null;
                            change_history?: string[];
                        };
                        extensions?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            metric_id: string;
                            name: string;
                            short_name?: string | null;
                            description?: string | null;
                            category?: string | null;
                            tier?: string | null;
                            business_domain?: string | null;
                            metric_type?: string | null;
                            tags?: string[];
                            alignment?: {
                                strategic_pillar?: string | null;
                                primary_objective_ids?: string[];
                                related_okr_ids?: string[];
                                why_it_matters?: string | null;
                            };
                            definition?: {
                                formula?: string | null;
                                formula_detail?: string | null;
                                numerator?: {
                                    event_name?: string | null;
                                    filters?: (string | {
                                        [key: string]: unknown;
                                    })[];
                                } | null;
                                denominator?: {
                                    event_name?: string | null;
                                    filters?: (string | {
                                        [key: string]: unknown;
                                    })[];
                                } | null;
                                unit?: string | null;
                                expected_direction?: ("increase" | "decrease" | "maintain" | "") | null;
                                example_calculation?: {
                                    [key: string]: unknown;
                                } | null;
                            };
                            data?: {
                                primary_sources?: {
                                    system?: string | null;
                                    table_or_stream?: string | null;
                                    connection_id?: string | null;
                                }[];
                                secondary_sources?: {
                                    system?: string | null;
                                    table_or_stream?: string | null;
                                    connection_id?: string | null;
                                }[];
                                data_freshness?: string | null;
                                update_frequency?: string | null;
                                time_grain?: string[];
                                data_retention?: string | null;
                            };
                            governance?: {
                                data_classification?: string | null;
                                pii_involved?: boolean | null;
                                regulatory_constraints?: string[];
                                owner_team?: string | null;
                                technical_owner?: string | null;
                                business_owner?: string | null;
                                version?: string | null;
                                status?: string | null;
                                created_at?: string | null;
                                updated_at?: string | null;
                            };
                            dimensions?: {
                                name: string;
                                allowed_values?: string[];
                                required?: boolean | null;
                            }[];
                            targets_and_alerts?: {
                                target_value?: number | null;
                                warning_threshold?: number | null;
                                critical_threshold?: number | null;
                                comparison_baseline?: string | null;
                                alert_rules?: {
                                    rule_id?: string | null;
                                    name?: string | null;
                                    condition?: string | null;
                                    severity?: string | null;
                                    notify_channels?: string[];
                                    evaluation_window?: string | null;
                                }[];
                            };
                            visualization?: {
                                default_chart_type?: string | null;
                                default_time_range?: string | null;
                                dashboard_locations?: {
                                    tool?: string | null;
                                    url?: string | null;
                                }[];
                                drilldowns?: string[];
                            };
                            relationships?: {
                                upstream_metric_ids?: string[];
                                downstream_metric_ids?: string[];
                                tradeoffs?: string[];
                            };
                            operational_usage?: {
                                decision_use_cases?: string[];
                                review_cadence?: string | null;
                                linked_playbooks?: {
                                    name?: string | null;
                                    url?: string | null;
                                }[];
                            };
                            metadata?: {
                                notes?: string | null;
                                example_queries?: {
                                    language?: string | null;
                                    query?: string | null;
                                }[];
                                version?: string | null;
                                created_at?: string | null;
                                created_by?: string | null;
                                last_updated?: string | null;
                                last_updated_by?: string | null;
                                change_history?: string[];
                            };
                            extensions?: {
                                [key: string]: unknown;
                            };
                            /** @description references kept as written that resolve to nothing yet (GET /api/v1/references?state=unresolved lists them all) */
                            warnings?: {
                                /** @enum {string} */
                                code: "UNRESOLVED_REFERENCE";
                                path: string;
                                target_type: string;
                                target_id: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/metrics/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a metric */
        get: {
            parameters: {
                query?: never;
                header?: {
                    "if-none-match"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            metric_id: string;
                            name: string;
                            short_name?: string | null;
                            description?: string | null;
                            category?: string | null;
                            tier?: string | null;
                            business_domain?: string | null;
                            metric_type?: string | null;
                            tags?: string[];
                            alignment?: {
                                strategic_pillar?: string | null;
                                primary_objective_ids?: string[];
                                related_okr_ids?: string[];
                                why_it_matters?: string | null;
                            };
                            definition?: {
                                formula?: string | null;
                                formula_detail?: string | null;
                                numerator?: {
                                    event_name?: string | null;
                                    filters?: (string | {
                                        [key: string]: unknown;
                                    })[];
                                } | null;
                                denominator?: {
                                    event_name?: string | null;
                                    filters?: (string | {
                                        [key: string]: unknown;
                                    })[];
                                } | null;
                                unit?: string | null;
                                expected_direction?: ("increase" | "decrease" | "maintain" | "") | null;
                                example_calculation?: {
                                    [key: string]: unknown;
                                } | null;
                            };
                            data?: {
                                primary_sources?: {
                                    system?: string | null;
                                    table_or_stream?: string | null;
                                    connection_id?: string | null;
                                }[];
                                secondary_sources?: {
                                    system?: string | null;
                                    table_or_stream?: string | null;
                                    connection_id?: string | null;
                                }[];
                                data_freshness?: string | null;
                                update_frequency?: string | null;
                                time_grain?: string[];
                                data_retention?: string | null;
                            };
                            governance?: {
                                data_classification?: string | null;
                                pii_involved?: boolean | null;
                                regulatory_constraints?: string[];
                                owner_team?: string | null;
                                technical_owner?: string | null;
                                business_owner?: string | null;
                                version?: string | null;
                                status?: string | null;
                                created_at?: string | null;
                                updated_at?: string | null;
                            };
                            dimensions?: {
                                name: string;
                                allowed_values?: string[];
                                required?: boolean | null;
                            }[];
                            targets_and_alerts?: {
                                target_value?: number | null;
                                warning_threshold?: number | null;
                                critical_threshold?: number | null;
                                comparison_baseline?: string | null;
                                alert_rules?: {
                                    rule_id?: string | null;
                                    name?: string | null;
                                    condition?: string | null;
                                    severity?: string | null;
                                    notify_channels?: string[];
                                    evaluation_window?: string | null;
                                }[];
                            };
                            visualization?: {
                                default_chart_type?: string | null;
                                default_time_range?: string | null;
                                dashboard_locations?: {
                                    tool?: string | null;
                                    url?: string | null;
                                }[];
                                drilldowns?: string[];
                            };
                            relationships?: {
                                upstream_metric_ids?: string[];
                                downstream_metric_ids?: string[];
                                tradeoffs?: string[];
                            };
                            operational_usage?: {
                                decision_use_cases?: string[];
                                review_cadence?: string | null;
                                linked_playbooks?: {
                                    name?: string | null;
                                    url?: string | null;
                                }[];
                            };
                            metadata?: {
                                notes?: string | null;
                                example_queries?: {
                                    language?: string | null;
                                    query?: string | null;
                                }[];
                                version?: string | null;
                                created_at?: string | null;
                                created_by?: string | null;
                                last_updated?: string | null;
                                last_updated_by?: string | null;
                                change_history?: string[];
                            };
                            extensions?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                304: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        /** Replace a metric (If-Match supported) */
        put: {
            parameters: {
                query?: never;
                header?: {
                    "if-match"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        metric_id: string;
                        name: string;
                        short_name?: string | null;
                        description?: string | null;
                        category?: string | null;
                        tier?: string | null;
                        business_domain?: string | null;
                        metric_type?: string | null;
                        tags?: string[];
                        alignment?: {
                            strategic_pillar?: string | null;
                            primary_objective_ids?: string[];
                            related_okr_ids?: string[];
                            why_it_matters?: string | null;
                        };
                        definition?: {
                            formula?: string | null;
                            formula_detail?: string | null;
                            numerator?: {
                                event_name?: string | null;
                                filters?: (string | {
                                    [key: string]: unknown;
                                })[];
                            } | null;
                            denominator?: {
                                event_name?: string | null;
                                filters?: (string | {
                                    [key: string]: unknown;
                                })[];
                            } | null;
                            unit?: string | null;
                            expected_direction?: ("increase" | "decrease" | "maintain" | "") | null;
                            example_calculation?: {
                                [key: string]: unknown;
                            } | null;
                        };
                        data?: {
                            primary_sources?: {
                                system?: string | null;
                                table_or_stream?: string | null;
                                connection_id?: string | null;
                            }[];
                            secondary_sources?: {
                                system?: string | null;
                                table_or_stream?: string | null;
                                connection_id?: string | null;
                            }[];
                            data_freshness?: string | null;
                            update_frequency?: string | null;
                            time_grain?: string[];
                            data_retention?: string | null;
                        };
                        governance?: {
                            data_classification?: string | null;
                            pii_involved?: boolean | null;
                            regulatory_constraints?: string[];
                            owner_team?: string | null;
                            technical_owner?: string | null;
                            business_owner?: string | null;
                            version?: string | null;
                            status?: string | null;
                            created_at?: string | null;
                            updated_at?: string | null;
                        };
                        dimensions?: {
                            name: string;
                            allowed_values?: string[];
                            required?: boolean | null;
                        }[];
                        targets_and_alerts?: {
                            target_value?: number | null;
                            warning_threshold?: number | null;
                            critical_threshold?: number | null;
                            comparison_baseline?: string | null;
                            alert_rules?: {
                                rule_id?: string | null;
                                name?: string | null;
                                condition?: string | null;
                                severity?: string | null;
                                notify_channels?: string[];
                                evaluation_window?: string | null;
                            }[];
                        };
                        visualization?: {
                            default_chart_type?: string | null;
                            default_time_range?: string | null;
                            dashboard_locations?: {
                                tool?: string | null;
                                url?: string | null;
                            }[];
                            drilldowns?: string[];
                        };
                        relationships?: {
                            upstream_metric_ids?: string[];
                            downstream_metric_ids?: string[];
                            tradeoffs?: string[];
                        };
                        operational_usage?: {
                            decision_use_cases?: string[];
                            review_cadence?: string | null;
                            linked_playbooks?: {
                                name?: string | null;
                                url?: string | null;
                            }[];
                        };
                        metadata?: {
                            notes?: string | null;
                            example_queries?: {
                                language?: string | null;
                                query?: string | null;
                            }[];
                            version?: string | null;
                            created_at?: string | null;
                            created_by?: string | null;
                            last_updated?: string | null;
                            last_updated_by?: string | null;
                            change_history?: string[];
                        };
                        extensions?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            metric_id: string;
                            name: string;
                            short_name?: string | null;
                            description?: string | null;
                            category?: string | null;
                            tier?: string | null;
                            business_domain?: string | null;
                            metric_type?: string | null;
                            tags?: string[];
                            alignment?: {
                                strategic_pillar?: string | null;
                                primary_objective_ids?: string[];
                                related_okr_ids?: string[];
                                why_it_matters?: string | null;
                            };
                            definition?: {
                                formula?: string | null;
                                formula_detail?: string | null;
                                numerator?: {
                                    event_name?: string | null;
                                    filters?: (string | {
                                        [key: string]: unknown;
                                    })[];
                                } | null;
                                denominator?: {
                                    event_name?: string | null;
                                    filters?: (string | {
                                        [key: string]: unknown;
                                    })[];
                                } | null;
                                unit?: string | null;
                                expected_direction?: ("increase" | "decrease" | "maintain" | "") | null;
                                example_calculation?: {
                                    [key: string]: unknown;
                                } | null;
                            };
                            data?: {
                                primary_sources?: {
                                    system?: string | null;
                                    table_or_stream?: string | null;
                                    connection_id?: string | null;
                                }[];
                                secondary_sources?: {
                                    system?: string | null;
                                    table_or_stream?: string | null;
                                    connection_id?: string | null;
                                }[];
                                data_freshness?: string | null;
                                update_frequency?: string | null;
                                time_grain?: string[];
                                data_retention?: string | null;
                            };
                            governance?: {
                                data_classification?: string | null;
                                pii_involved?: boolean | null;
                                regulatory_constraints?: string[];
                                owner_team?: string | null;
                                technical_owner?: string | null;
                                business_owner?: string | null;
                                version?: string | null;
                                status?: string | null;
                                created_at?: string | null;
                                updated_at?: string | null;
                            };
                            dimensions?: {
                                name: string;
                                allowed_values?: string[];
                                required?: boolean | null;
                            }[];
                            targets_and_alerts?: {
                                target_value?: number | null;
                                warning_threshold?: number | null;
                                critical_threshold?: number | null;
                                comparison_baseline?: string | null;
                                alert_rules?: {
                                    rule_id?: string | null;
                                    name?: string | null;
                                    condition?: string | null;
                                    severity?: string | null;
                                    notify_channels?: string[];
                                    evaluation_window?: string | null;
                                }[];
                            };
                            visualization?: {
                                default_chart_type?: string | null;
                                default_time_range?: string | null;
                                dashboard_locations?: {
                                    tool?: string | null;
                                    url?: string | null;
                                }[];
                                drilldowns?: string[];
                            };
                            relationships?: {
                                upstream_metric_ids?: string[];
                                downstream_metric_ids?: string[];
                                tradeoffs?: string[];
                            };
                            operational_usage?: {
                                decision_use_cases?: string[];
                                review_cadence?: string | null;
                                linked_playbooks?: {
                                    name?: string | null;
                                    url?: string | null;
                                }[];
                            };
                            metadata?: {
                                notes?: string | null;
                                example_queries?: {
                                    language?: string | null;
                                    query?: string | null;
                                }[];
                                version?: string | null;
                                created_at?: string | null;
                                created_by?: string | null;
                                last_updated?: string | null;
                                last_updated_by?: string | null;
                                change_history?: string[];
                            };
                            extensions?: {
                                [key: string]: unknown;
                            };
                            /** @description references kept as written that resolve to nothing yet (GET /api/v1/references?state=unresolved lists them all) */
                            warnings?: {
                                /** @enum {string} */
                                code: "UNRESOLVED_REFERENCE";
                                path: string;
                                target_type: string;
                                target_id: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        post?: never;
        /** Delete a metric; refused while referenced unless force=true */
        delete: {
            parameters: {
                query?: {
                    force?: "true" | "false";
                };
                header?: {
                    "if-match"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Patch a metric with a JSON Merge Patch (If-Match supported) */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    "if-match"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            /** @description JSON Merge Patch (RFC 7396): objects merge, null removes a field */
            requestBody: {
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            metric_id: string;
                            name: string;
                            short_name?: string | null;
                            description?: string | null;
                            category?: string | null;
                            tier?: string | null;
                            business_domain?: string | null;
                            metric_type?: string | null;
                            tags?: string[];
                            alignment?: {
                                strategic_pillar?: string | null;
                                primary_objective_ids?: string[];
                                related_okr_ids?: string[];
                                why_it_matters?: string | null;
                            };
                            definition?: {
                                formula?: string | null;
                                formula_detail?: string | null;
                                numerator?: {
                                    event_name?: string | null;
                                    filters?: (string | {
                                        [key: string]: unknown;
                                    })[];
                                } | null;
                                denominator?: {
                                    event_name?: string | null;
                                    filters?: (string | {
                                        [key: string]: unknown;
                                    })[];
                                } | null;
                                unit?: string | null;
                                expected_direction?: ("increase" | "decrease" | "maintain" | "") | null;
                                example_calculation?: {
                                    [key: string]: unknown;
                                } | null;
                            };
                            data?: {
                                primary_sources?: {
                                    system?: string | null;
                                    table_or_stream?: string | null;
                                    connection_id?: string | null;
                                }[];
                                secondary_sources?: {
                                    system?: string | null;
                                    table_or_stream?: string | null;
                                    connection_id?: string | null;
                                }[];
                                data_freshness?: string | null;
                                update_frequency?: string | null;
                                time_grain?: string[];
                                data_retention?: string | null;
                            };
                            governance?: {
                                data_classification?: string | null;
                                pii_involved?: boolean | null;
                                regulatory_constraints?: string[];
                                owner_team?: string | null;
                                technical_owner?: string | null;
                                business_owner?: string | null;
                                version?: string | null;
                                status?: string | null;
                                created_at?: string | null;
                                updated_at?: string | null;
                            };
                            dimensions?: {
                                name: string;
                                allowed_values?: string[];
                                required?: boolean | null;
                            }[];
                            targets_and_alerts?: {
                                target_value?: number | null;
                                warning_threshold?: number | null;
                                critical_threshold?: number | null;
                                comparison_baseline?: string | null;
                                alert_rules?: {
                                    rule_id?: string | null;
                                    name?: string | null;
                                    condition?: string | null;
                                    severity?: string | null;
                                    notify_channels?: string[];
                                    evaluation_window?: string | null;
                                }[];
                            };
                            visualization?: {
                                default_chart_type?: string | null;
                                default_time_range?: string | null;
                                dashboard_locations?: {
                                    tool?: string | null;
                                    url?: string | null;
                                }[];
                                drilldowns?: string[];
                            };
                            relationships?: {
                                upstream_metric_ids?: string[];
                                downstream_metric_ids?: string[];
                                tradeoffs?: string[];
                            };
                            operational_usage?: {
                                decision_use_cases?: string[];
                                review_cadence?: string | null;
                                linked_playbooks?: {
                                    name?: string | null;
                                    url?: string | null;
                                }[];
                            };
                            metadata?: {
                                notes?: string | null;
                                example_queries?: {
                                    language?: string | null;
                                    query?: string | null;
                                }[];
                                version?: string | null;
                                created_at?: string | null;
                                created_by?: string | null;
                                last_updated?: string | null;
                                last_updated_by?: string | null;
                                change_history?: string[];
                            };
                            extensions?: {
                                [key: string]: unknown;
                            };
                            /** @description references kept as written that resolve to nothing yet (GET /api/v1/references?state=unresolved lists them all) */
                            warnings?: {
                                /** @enum {string} */
                                code: "UNRESOLVED_REFERENCE";
                                path: string;
                                target_type: string;
                                target_id: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/metrics/{id}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Version history of a metric, newest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                entity_type: string;
                                entity_id: string;
                                version: string;
                                revision: number;
                                /** @enum {string} */
                                change_kind: "create" | "update" | "delete";
                                bump: string | null;
                                changed_fields: string[];
                                snapshot: unknown;
                                actor: string;
                                request_id: string | null;
                                created_at: string;
                            }[];
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/metrics/{id}/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One version snapshot of a metric */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    version: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            entity_type: string;
                            entity_id: string;
                            version: string;
                            revision: number;
                            /** @enum {string} */
                            change_kind: "create" | "update" | "delete";
                            bump: string | null;
                            changed_fields: string[];
                            snapshot: unknown;
                            actor: string;
                            request_id: string | null;
                            created_at: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/domains": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List domains (filters, sort, cursor pagination) */
        get: {
            parameters: {
                query?: {
                    /** @description repeat the parameter or separate values with commas; values are OR-ed */
                    owner?: string[];
                    /** @description a sortable field, prefixed with - for descending (e.g. -updated_at) */
                    sort?: string;
                    /** @description page size, at most 500 */
                    limit?: number;
                    /** @description the next_cursor of the previous page */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                domain_id: string;
                                name: string;
                                description?: string | null;
                                owner_team?: string | null;
                                contact_email?: string | null;
                                key_areas?: string[];
                                color?: string | null;
                                stakeholders?: string[];
                                objective_ids?: string[];
                                key_metric_ids?: string[];
                                metadata?: {
                                    [key: string]: unknown;
                                } | null;
                                version?: string;
                                created_at?: string;
                                updated_at?: string;
                                extensions?: {
                                    [key: string]: unknown;
                                };
                            }[];
                            /** @description rows matching the filters, across all pages: counted on the first page and carried by next_cursor, so the pages of one chain repeat the first page's count (exact as of that page); a page fetched without a cursor, or with other filters, counts again */
                            total: number;
                            limit: number;
                            next_cursor: string | null;
                            links: {
                                self: string;
                                next: string | null;
                            };
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a domain */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        domain_id: string;
                        name: string;
                        description?: string | null;
                        owner_team?: string | null;
                        contact_email?: string | null;
                        key_areas?: string[];
                        color?: string | null;
                        stakeholders?: string[];
                        objective_ids?: string[];
                        key_metric_ids?: string[];
                        metadata?: {
                            [key: string]: unknown;
                        } | null;
                        version?: string;
                        created_at?: string;
                        updated_at?: string;
                        extensions?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            domain_id: string;
                            name: string;
                            description?: string | null;
                            owner_team?: string | null;
                            contact_email?: string | null;
                            key_areas?: string[];
                            color?: string | null;
                            stakeholders?: string[];
                            objective_ids?: string[];
                            key_metric_ids?: string[];
                            metadata?: {
                                [key: string]: unknown;
                            } | null;
                            version?: string;
                            created_at?: string;
                            updated_at?: string;
                            extensions?: {
                                [key: string]: unknown;
                            };
                            /** @description references kept as written that resolve to nothing yet (GET /api/v1/references?state=unresolved lists them all) */
                            warnings?: {
                                /** @enum {string} */
                                code: "UNRESOLVED_REFERENCE";
                                path: string;
                                target_type: string;
                                target_id: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/domains/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a domain */
        get: {
            parameters: {
                query?: never;
                header?: {
                    "if-none-match"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            domain_id: string;
                            name: string;
                            description?: string | null;
                            owner_team?: string | null;
                            contact_email?: string | null;
                            key_areas?: string[];
                            color?: string | null;
                            stakeholders?: string[];
                            objective_ids?: string[];
                            key_metric_ids?: string[];
                            metadata?: {
                                [key: string]: unknown;
                            } | null;
                            version?: string;
                            created_at?: string;
                            updated_at?: string;
                            extensions?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                304: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        /** Replace a domain (If-Match supported) */
        put: {
            parameters: {
                query?: never;
                header?: {
                    "if-match"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        domain_id: string;
                        name: string;
                        description?: string | null;
                        owner_team?: string | null;
                        contact_email?: string | null;
                        key_areas?: string[];
                        color?: string | null;
                        stakeholders?: string[];
                        objective_ids?: string[];
                        key_metric_ids?: string[];
                        metadata?: {
                            [key: string]: unknown;
                        } | null;
                        version?: string;
                        created_at?: string;
                        updated_at?: string;
                        extensions?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            domain_id: string;
                            name: string;
                            description?: string | null;
                            owner_team?: string | null;
                            contact_email?: string | null;
                            key_areas?: string[];
                            color?: string | null;
                            stakeholders?: string[];
                            objective_ids?: string[];
                            key_metric_ids?: string[];
                            metadata?: {
                                [key: string]: unknown;
                            } | null;
                            version?: string;
                            created_at?: string;
                            updated_at?: string;
                            extensions?: {
                                [key: string]: unknown;
                            };
                            /** @description references kept as written that resolve to nothing yet (GET /api/v1/references?state=unresolved lists them all) */
                            warnings?: {
                                /** @enum {string} */
                                code: "UNRESOLVED_REFERENCE";
                                path: string;
                                target_type: string;
                                target_id: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        post?: never;
        /** Delete a domain; refused while referenced unless force=true */
        delete: {
            parameters: {
                query?: {
                    force?: "true" | "false";
                };
                header?: {
                    "if-match"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Patch a domain with a JSON Merge Patch (If-Match supported) */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    "if-match"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            /** @description JSON Merge Patch (RFC 7396): objects merge, null removes a field */
            requestBody: {
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            domain_id: string;
                            name: string;
                            description?: string | null;
                            owner_team?: string | null;
                            contact_email?: string | null;
                            key_areas?: string[];
                            color?: string | null;
                            stakeholders?: string[];
                            objective_ids?: string[];
                            key_metric_ids?: string[];
                            metadata?: {
                                [key: string]: unknown;
                            } | null;
                            version?: string;
                            created_at?: string;
                            updated_at?: string;
                            extensions?: {
                                [key: string]: unknown;
                            };
                            /** @description references kept as written that resolve to nothing yet (GET /api/v1/references?state=unresolved lists them all) */
                            warnings?: {
                                /** @enum {string} */
                                code: "UNRESOLVED_REFERENCE";
                                path: string;
                                target_type: string;
                                target_id: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/domains/{id}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Version history of a domain, newest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                entity_type: string;
                                entity_id: string;
                                version: string;
                                revision: number;
                                /** @enum {string} */
                                change_kind: "create" | "update" | "delete";
                                bump: string | null;
                                changed_fields: string[];
                                snapshot: unknown;
                                actor: string;
                                request_id: string | null;
                                created_at: string;
                            }[];
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/domains/{id}/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One version snapshot of a domain */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    version: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            entity_type: string;
                            entity_id: string;
                            version: string;
                            revision: number;
                            /** @enum {string} */
                            change_kind: "create" | "update" | "delete";
                            bump: string | null;
                            changed_fields: string[];
                            snapshot: unknown;
                            actor: string;
                            request_id: string | null;
                            created_at: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/objectives": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List objectives (filters, sort, cursor pagination) */
        get: {
            parameters: {
                query?: {
                    /** @description repeat the parameter or separate values with commas; values are OR-ed */
                    status?: string[];
                    /** @description repeat the parameter or separate values with commas; values are OR-ed */
                    owner?: string[];
                    /** @description repeat the parameter or separate values with commas; values are OR-ed */
                    domain?: string[];
                    /** @description a sortable field, prefixed with - for descending (e.g. -updated_at) */
                    sort?: string;
                    /** @description page size, at most 500 */
                    limit?: number;
                    /** @description the next_cursor of the previous page */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                objective_id: string;
                                name: string;
                                description?: string | null;
                                timeframe?: {
                                    start?: string | null;
                                    end?: string | null;
                                } | null;
                                owner_team?: string | null;
                                status?: string | null;
                                business_domain?: string | null;
                                business_priority?: string | null;
                                strategic_theme?: string | null;
                                metric_ids?: string[];
                                key_results?: {
                                    kr_id: string;
                                    name?: string | null;
                                    description?: string | null;
                                    baseline_value?: number | null;
                                    target_value?: number | null;
                                    current_value?: number | null;
                                    unit?: string | null;
                                    direction?: ("increase" | "decrease" | "maintain" | "") | null;
                                    metric_ids?: string[];
                                    status?: string | null;
                                    reported_progress_percentage?: number | null;
                                    progress?: number | null;
                                }[];
                                metadata?: {
                                    [key: string]: unknown;
                                } | null;
                                version?: string;
                                created_at?: string;
                                updated_at?: string;
                                extensions?: {
                                    [key: string]: unknown;
                                };
                            }[];
                            /** @description rows matching the filters, across all pages: counted on the first page and carried by next_cursor, so the pages of one chain repeat the first page's count (exact as of that page); a page fetched without a cursor, or with other filters, counts again */
                            total: number;
                            limit: number;
                            next_cursor: string | null;
                            links: {
                                self: string;
                                next: string | null;
                            };
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a objective */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        objective_id: string;
                        name: string;
                        description?: string | null;
                        timeframe?: {
                            start?: string | null;
                            end?: string | null;
                        } | null;
                        owner_team?: string | null;
                        status?: string | null;
                        business_domain?: string | null;
                        business_priority?: string | null;
                        strategic_theme?: string | null;
                        metric_ids?: string[];
                        key_results?: {
                            kr_id: string;
                            name?: string | null;
                            description?: string | null;
                            baseline_value?: number | null;
                            target_value?: number | null;
                            current_value?: number | null;
                            unit?: string | null;
                            direction?: ("increase" | "decrease" | "maintain" | "") | null;
                            metric_ids?: string[];
                            status?: string | null;
                            reported_progress_percentage?: number | null;
                            progress?: number | null;
                        }[];
                        metadata?: {
                            [key: string]: unknown;
                        } | null;
                        version?: string;
                        created_at?: string;
                        updated_at?: string;
                        extensions?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            objective_id: string;
                            name: string;
                            description?: string | null;
                            timeframe?: {
                                start?: string | null;
                                end?: string | null;
                            } | null;
                            owner_team?: string | null;
                            status?: string | null;
                            business_domain?: string | null;
                            business_priority?: string | null;
                            strategic_theme?: string | null;
                            metric_ids?: string[];
                            key_results?: {
                                kr_id: string;
                                name?: string | null;
                                description?: string | null;
                                baseline_value?: number | null;
                                target_value?: number | null;
                                current_value?: number | null;
                                unit?: string | null;
                                direction?: ("increase" | "decrease" | "maintain" | "") | null;
                                metric_ids?: string[];
                                status?: string | null;
                                reported_progress_percentage?: number | null;
                                progress?: number | null;
                            }[];
                            metadata?: {
                                [key: string]: unknown;
                            } | null;
                            version?: string;
                            created_at?: string;
                            updated_at?: string;
                            extensions?: {
                                [key: string]: unknown;
                            };
                            /** @description references kept as written that resolve to nothing yet (GET /api/v1/references?state=unresolved lists them all) */
                            warnings?: {
                                /** @enum {string} */
                                code: "UNRESOLVED_REFERENCE";
                                path: string;
                                target_type: string;
                                target_id: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/objectives/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a objective */
        get: {
            parameters: {
                query?: never;
                header?: {
                    "if-none-match"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            objective_id: string;
                            name: string;
                            description?: string | null;
                            timeframe?: {
                                start?: string | null;
                                end?: string | null;
                            } | null;
                            owner_team?: string | null;
                            status?: string | null;
                            business_domain?: string | null;
                            business_priority?: string | null;
                            strategic_theme?: string | null;
                            metric_ids?: string[];
                            key_results?: {
                                kr_id: string;
                                name?: string | null;
                                description?: string | null;
                                baseline_value?: number | null;
                                target_value?: number | null;
                                current_value?: number | null;
                                unit?: string | null;
                                direction?: ("increase" | "decrease" | "maintain" | "") | null;
                                metric_ids?: string[];
                                status?: string | null;
                                reported_progress_percentage?: number | null;
                                progress?: number | null;
                            }[];
                            metadata?: {
                                [key: string]: unknown;
                            } | null;
                            version?: string;
                            created_at?: string;
                            updated_at?: string;
                            extensions?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                304: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        /** Replace a objective (If-Match supported) */
        put: {
            parameters: {
                query?: never;
                header?: {
                    "if-match"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        objective_id: string;
                        name: string;
                        description?: string | null;
                        timeframe?: {
                            start?: string | null;
                            end?: string | null;
                        } | null;
                        owner_team?: string | null;
                        status?: string | null;
                        business_domain?: string | null;
                        business_priority?: string | null;
                        strategic_theme?: string | null;
                        metric_ids?: string[];
                        key_results?: {
                            kr_id: string;
                            name?: string | null;
                            description?: string | null;
                            baseline_value?: number | null;
                            target_value?: number | null;
                            current_value?: number | null;
                            unit?: string | null;
                            direction?: ("increase" | "decrease" | "maintain" | "") | null;
                            metric_ids?: string[];
                            status?: string | null;
                            reported_progress_percentage?: number | null;
                            progress?: number | null;
                        }[];
                        metadata?: {
                            [key: string]: unknown;
                        } | null;
                        version?: string;
                        created_at?: string;
                        updated_at?: string;
                        extensions?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            objective_id: string;
                            name: string;
                            description?: string | null;
                            timeframe?: {
                                start?: string | null;
                                end?: string | null;
                            } | null;
                            owner_team?: string | null;
                            status?: string | null;
                            business_domain?: string | null;
                            business_priority?: string | null;
                            strategic_theme?: string | null;
                            metric_ids?: string[];
                            key_results?: {
                                kr_id: string;
                                name?: string | null;
                                description?: string | null;
                                baseline_value?: number | null;
                                target_value?: number | null;
                                current_value?: number | null;
                                unit?: string | null;
                                direction?: ("increase" | "decrease" | "maintain" | "") | null;
                                metric_ids?: string[];
                                status?: string | null;
                                reported_progress_percentage?: number | null;
                                progress?: number | null;
                            }[];
                            metadata?: {
                                [key: string]: unknown;
                            } | null;
                            version?: string;
                            created_at?: string;
                            updated_at?: string;
                            extensions?: {
                                [key: string]: unknown;
                            };
                            /** @description references kept as written that resolve to nothing yet (GET /api/v1/references?state=unresolved lists them all) */
                            warnings?: {
                                /** @enum {string} */
                                code: "UNRESOLVED_REFERENCE";
                                path: string;
                                target_type: string;
                                target_id: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        post?: never;
        /** Delete a objective; refused while referenced unless force=true */
        delete: {
            parameters: {
                query?: {
                    force?: "true" | "false";
                };
                header?: {
                    "if-match"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Patch a objective with a JSON Merge Patch (If-Match supported) */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    "if-match"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            /** @description JSON Merge Patch (RFC 7396): objects merge, null removes a field */
            requestBody: {
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            objective_id: string;
                            name: string;
                            description?: string | null;
                            timeframe?: {
                                start?: string | null;
                                end?: string | null;
                            } | null;
                            owner_team?: string | null;
                            status?: string | null;
                            business_domain?: string | null;
                            business_priority?: string | null;
                            strategic_theme?: string | null;
                            metric_ids?: string[];
                            key_results?: {
                                kr_id: string;
                                name?: string | null;
                                description?: string | null;
                                baseline_value?: number | null;
                                target_value?: number | null;
                                current_value?: number | null;
                                unit?: string | null;
                                direction?: ("increase" | "decrease" | "maintain" | "") | null;
                                metric_ids?: string[];
                                status?: string | null;
                                reported_progress_percentage?: number | null;
                                progress?: number | null;
                            }[];
                            metadata?: {
                                [key: string]: unknown;
                            } | null;
                            version?: string;
                            created_at?: string;
                            updated_at?: string;
                            extensions?: {
                                [key: string]: unknown;
                            };
                            /** @description references kept as written that resolve to nothing yet (GET /api/v1/references?state=unresolved lists them all) */
                            warnings?: {
                                /** @enum {string} */
                                code: "UNRESOLVED_REFERENCE";
                                path: string;
                                target_type: string;
                                target_id: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/objectives/{id}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Version history of a objective, newest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                entity_type: string;
                                entity_id: string;
                                version: string;
                                revision: number;
                                /** @enum {string} */
                                change_kind: "create" | "update" | "delete";
                                bump: string | null;
                                changed_fields: string[];
                                snapshot: unknown;
                                actor: string;
                                request_id: string | null;
                                created_at: string;
                            }[];
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/objectives/{id}/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One version snapshot of a objective */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    version: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            entity_type: string;
                            entity_id: string;
                            version: string;
                            revision: number;
                            /** @enum {string} */
                            change_kind: "create" | "update" | "delete";
                            bump: string | null;
                            changed_fields: string[];
                            snapshot: unknown;
                            actor: string;
                            request_id: string | null;
                            created_at: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/metrics/{id}/policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The fixed Rego module and this metric's policy data */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            package: string;
                            module: string;
                            data: {
                                [key: string]: unknown;
                            };
                            query: string;
                            data_path: string;
                            /** @description the workspace's classification order (lowest first) for data.mdl.classification_levels; absent: the default order */
                            classification_levels?: string[];
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/metrics/{id}/policy/evaluate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Evaluate the policy decision for this metric (same semantics as the Rego module) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        metric_id?: string;
                        /** @enum {string} */
                        action: "read_definition" | "read_values" | "change" | "check_value";
                        user: {
                            id: string;
                            teams?: string[];
                            roles?: string[];
                            /** @enum {string} */
                            clearance?: "public" | "internal" | "confidential" | "restricted";
                            pii_access?: boolean;
                        };
                        value?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            allow: boolean;
                            deny_reasons: string[];
                            /** @enum {string} */
                            threshold_status?: "ok" | "warning" | "critical" | "unknown";
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/policies/bundle.tar.gz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** OPA bundle (.manifest with revision, the module, data.json); ETag for polling */
        get: {
            parameters: {
                query?: never;
                header?: {
                    "if-none-match"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/metrics/{id}/provenance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Where a metric came from: its latest import from dbt, Cube or OSI (null when made in MDL) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            provenance: {
                                format: string;
                                /** @description the source file as given to the import */
                                source: string;
                                /** @description its name in that tool */
                                name: string;
                                imported_at: string;
                                /** @description changed since; the next import from there reports a conflict */
                                edited_since_import: boolean;
                            } | null;
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/domains/{id}/provenance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Where a domain came from: its latest import from dbt, Cube or OSI (null when made in MDL) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            provenance: {
                                format: string;
                                /** @description the source file as given to the import */
                                source: string;
                                /** @description its name in that tool */
                                name: string;
                                imported_at: string;
                                /** @description changed since; the next import from there reports a conflict */
                                edited_since_import: boolean;
                            } | null;
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/objectives/{id}/provenance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Where a objective came from: its latest import from dbt, Cube or OSI (null when made in MDL) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            provenance: {
                                format: string;
                                /** @description the source file as given to the import */
                                source: string;
                                /** @description its name in that tool */
                                name: string;
                                imported_at: string;
                                /** @description changed since; the next import from there reports a conflict */
                                edited_since_import: boolean;
                            } | null;
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/references": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The reference graph of the workspace: every reference as written, filterable by state, referrer kind and target; cursor pages */
        get: {
            parameters: {
                query?: {
                    state?: "unresolved" | "resolved" | "all";
                    /** @description the referrer kind */
                    kind?: "metric" | "domain" | "objective";
                    /** @description the referrer id */
                    from?: string;
                    target_type?: "metric" | "domain" | "objective" | "okr";
                    /** @description the target id as written */
                    target?: string;
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @enum {string} */
                                from_type: "metric" | "domain" | "objective";
                                from_id: string;
                                /** @description where the reference stands in the referrer, e.g. relationships.upstream_metric_ids[0] */
                                field: string;
                                /**
                                 * @description okr: an objective, a key result, or OBJ:KR
                                 * @enum {string}
                                 */
                                to_type: "metric" | "domain" | "objective" | "okr";
                                /** @description the target exactly as written */
                                to_id: string;
                                /** @enum {string} */
                                state: "resolved" | "unresolved";
                            }[];
                            total: number;
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/metrics/{id}/references": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A metric's references: what it names (resolved or not) and who names it */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            outgoing: {
                                /** @enum {string} */
                                from_type: "metric" | "domain" | "objective";
                                from_id: string;
                                /** @description where the reference stands in the referrer, e.g. relationships.upstream_metric_ids[0] */
                                field: string;
                                /**
                                 * @description okr: an objective, a key result, or OBJ:KR
                                 * @enum {string}
                                 */
                                to_type: "metric" | "domain" | "objective" | "okr";
                                /** @description the target exactly as written */
                                to_id: string;
                                /** @enum {string} */
                                state: "resolved" | "unresolved";
                            }[];
                            incoming: {
                                /** @enum {string} */
                                type: "metric" | "domain" | "objective";
                                id: string;
                                field: string;
                            }[];
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/domains/{id}/references": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A domain's references: what it names (resolved or not) and who names it */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            outgoing: {
                                /** @enum {string} */
                                from_type: "metric" | "domain" | "objective";
                                from_id: string;
                                /** @description where the reference stands in the referrer, e.g. relationships.upstream_metric_ids[0] */
                                field: string;
                                /**
                                 * @description okr: an objective, a key result, or OBJ:KR
                                 * @enum {string}
                                 */
                                to_type: "metric" | "domain" | "objective" | "okr";
                                /** @description the target exactly as written */
                                to_id: string;
                                /** @enum {string} */
                                state: "resolved" | "unresolved";
                            }[];
                            incoming: {
                                /** @enum {string} */
                                type: "metric" | "domain" | "objective";
                                id: string;
                                field: string;
                            }[];
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/objectives/{id}/references": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A objective's references: what it names (resolved or not) and who names it */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            outgoing: {
                                /** @enum {string} */
                                from_type: "metric" | "domain" | "objective";
                                from_id: string;
                                /** @description where the reference stands in the referrer, e.g. relationships.upstream_metric_ids[0] */
                                field: string;
                                /**
                                 * @description okr: an objective, a key result, or OBJ:KR
                                 * @enum {string}
                                 */
                                to_type: "metric" | "domain" | "objective" | "okr";
                                /** @description the target exactly as written */
                                to_id: string;
                                /** @enum {string} */
                                state: "resolved" | "unresolved";
                            }[];
                            incoming: {
                                /** @enum {string} */
                                type: "metric" | "domain" | "objective";
                                id: string;
                                field: string;
                            }[];
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/settings/references": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The workspace reference policy (warn or strict) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * @description warn: unresolved references are kept and listed; strict: they are refused
                             * @enum {string}
                             */
                            reference_policy: "warn" | "strict";
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        /** Set the workspace reference policy: strict refuses writes with unresolved references (a CI gate); audited */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description warn: unresolved references are kept and listed; strict: they are refused
                         * @enum {string}
                         */
                        reference_policy: "warn" | "strict";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * @description warn: unresolved references are kept and listed; strict: they are refused
                             * @enum {string}
                             */
                            reference_policy: "warn" | "strict";
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/metrics/{id}/lineage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A metric's lineage: upstream and downstream metrics up to N hops, with the domains, objectives and key results of each; unresolved references as nodes */
        get: {
            parameters: {
                query?: {
                    /** @description metric hops from the root */
                    depth?: number;
                    direction?: "upstream" | "downstream" | "both";
                    /** @description node cap; past it the graph is cut and truncated is true */
                    max_nodes?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the key of the metric asked for */
                            root: string;
                            depth: number;
                            /** @enum {string} */
                            direction: "upstream" | "downstream" | "both";
                            max_nodes: number;
                            /** @description the graph reached max_nodes and was cut */
                            truncated: boolean;
                            nodes: {
                                /** @description unique in the graph: <type>:<id> (a key result: key_result:<objective>:<kr>) */
                                key: string;
                                /** @enum {string} */
                                type: "metric" | "domain" | "objective" | "key_result";
                                /** @description the entity id; for an unresolved reference, its target as written */
                                id: string;
                                /** @description null when unresolved */
                                name: string | null;
                                /** @description a reference that names nothing in the workspace (yet) */
                                unresolved: boolean;
                                /** @description metric hops from the root (0: the root); null for domains, objectives and key results */
                                hops: number | null;
                                status?: string;
                                tier?: string;
                                /** @description a metric's business_domain as written */
                                domain?: string;
                                /** @description a key result's objective */
                                objective_id?: string;
                            }[];
                            edges: {
                                /** @description node key; metric edges run from upstream to downstream, the others from the metric outwards */
                                from: string;
                                to: string;
                                /** @enum {string} */
                                relation: "upstream_metric" | "downstream_metric" | "domain" | "key_metric" | "objective" | "key_result" | "key_result_of";
                                /** @description the node whose document holds the reference */
                                declared_by: string;
                                /** @description where the reference stands in that document, e.g. relationships.upstream_metric_ids[0] */
                                field: string;
                            }[];
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/vocabularies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The workspace vocabularies: values in order, aliases, open or closed */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @enum {string} */
                                name: "data_classification" | "status" | "severity" | "tier" | "metric_type";
                                /** @description data_classification: levels lowest first, as the generated policies compare them */
                                ordered: boolean;
                                /** @description closed: a value it does not know is refused on write (422 UNKNOWN_VALUE); open: any value is kept */
                                closed: boolean;
                                /** @description false while the workspace uses the defaults */
                                customized: boolean;
                                values: string[];
                                /** @description other spellings, stored as their value */
                                aliases: {
                                    alias: string;
                                    value: string;
                                }[];
                            }[];
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/vocabularies/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One workspace vocabulary */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description data_classification, status, severity, tier, metric_type */
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            name: "data_classification" | "status" | "severity" | "tier" | "metric_type";
                            /** @description data_classification: levels lowest first, as the generated policies compare them */
                            ordered: boolean;
                            /** @description closed: a value it does not know is refused on write (422 UNKNOWN_VALUE); open: any value is kept */
                            closed: boolean;
                            /** @description false while the workspace uses the defaults */
                            customized: boolean;
                            values: string[];
                            /** @description other spellings, stored as their value */
                            aliases: {
                                alias: string;
                                value: string;
                            }[];
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Close a vocabulary (unknown values refused) or open it (any value kept); audited */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description data_classification, status, severity, tier, metric_type */
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        closed: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            name: "data_classification" | "status" | "severity" | "tier" | "metric_type";
                            /** @description data_classification: levels lowest first, as the generated policies compare them */
                            ordered: boolean;
                            /** @description closed: a value it does not know is refused on write (422 UNKNOWN_VALUE); open: any value is kept */
                            closed: boolean;
                            /** @description false while the workspace uses the defaults */
                            customized: boolean;
                            values: string[];
                            /** @description other spellings, stored as their value */
                            aliases: {
                                alias: string;
                                value: string;
                            }[];
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/vocabularies/{name}/values": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a value (ordered ones: before or after another); audited */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description data_classification, status, severity, tier, metric_type */
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        value: string;
                        /** @description ordered vocabularies: place the new value right before this one */
                        before?: string;
                        /** @description ordered vocabularies: place the new value right after this one */
                        after?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            name: "data_classification" | "status" | "severity" | "tier" | "metric_type";
                            /** @description data_classification: levels lowest first, as the generated policies compare them */
                            ordered: boolean;
                            /** @description closed: a value it does not know is refused on write (422 UNKNOWN_VALUE); open: any value is kept */
                            closed: boolean;
                            /** @description false while the workspace uses the defaults */
                            customized: boolean;
                            values: string[];
                            /** @description other spellings, stored as their value */
                            aliases: {
                                alias: string;
                                value: string;
                            }[];
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/vocabularies/{name}/values/{value}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a value and its aliases; 409 VALUE_IN_USE with the count while metrics use it; audited */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description data_classification, status, severity, tier, metric_type */
                    name: string;
                    value: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            name: "data_classification" | "status" | "severity" | "tier" | "metric_type";
                            /** @description data_classification: levels lowest first, as the generated policies compare them */
                            ordered: boolean;
                            /** @description closed: a value it does not know is refused on write (422 UNKNOWN_VALUE); open: any value is kept */
                            closed: boolean;
                            /** @description false while the workspace uses the defaults */
                            customized: boolean;
                            values: string[];
                            /** @description other spellings, stored as their value */
                            aliases: {
                                alias: string;
                                value: string;
                            }[];
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/vocabularies/{name}/aliases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add an alias of a value (e.g. Non-PII → internal): writes store the value; audited */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description data_classification, status, severity, tier, metric_type */
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        alias: string;
                        /** @description the existing value the alias stands for */
                        value: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            name: "data_classification" | "status" | "severity" | "tier" | "metric_type";
                            /** @description data_classification: levels lowest first, as the generated policies compare them */
                            ordered: boolean;
                            /** @description closed: a value it does not know is refused on write (422 UNKNOWN_VALUE); open: any value is kept */
                            closed: boolean;
                            /** @description false while the workspace uses the defaults */
                            customized: boolean;
                            values: string[];
                            /** @description other spellings, stored as their value */
                            aliases: {
                                alias: string;
                                value: string;
                            }[];
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/vocabularies/{name}/aliases/{alias}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove an alias; audited */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description data_classification, status, severity, tier, metric_type */
                    name: string;
                    alias: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            name: "data_classification" | "status" | "severity" | "tier" | "metric_type";
                            /** @description data_classification: levels lowest first, as the generated policies compare them */
                            ordered: boolean;
                            /** @description closed: a value it does not know is refused on write (422 UNKNOWN_VALUE); open: any value is kept */
                            closed: boolean;
                            /** @description false while the workspace uses the defaults */
                            customized: boolean;
                            values: string[];
                            /** @description other spellings, stored as their value */
                            aliases: {
                                alias: string;
                                value: string;
                            }[];
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export the catalog (catalog fields, domains, objectives, metrics) as JSON or YAML, streamed; with to=osi, the metrics as an Apache Ossie (OSI) document
         * @description to=osi writes a document valid against the OSI JSON Schema (0.2.0.dev0). A metric without a formula cannot be an OSI metric: it is left out and listed, with why, in its semantic model's custom extension of vendor "MDL" ({"omitted_metrics":[{"metric_id","reason"}]}).
         */
        get: {
            parameters: {
                query?: {
                    format?: "json" | "yaml";
                    to?: "mdl" | "osi";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
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
        /** Password login: opens a session, returns an access token (15 min) and a refresh token; with TOTP, an MFA challenge instead */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                        password: string;
                        workspace?: string;
                        /**
                         * @description token (default): tokens in the body; cookie: a browser session in HttpOnly cookies, answered with its CSRF token
                         * @enum {string}
                         */
                        mode?: "token" | "cookie";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access_token: string;
                            /** @enum {string} */
                            token_type: "Bearer";
                            expires_in: number;
                            refresh_token: string;
                            refresh_expires_at: string;
                            workspace_id: string;
                            /** @enum {string} */
                            role: "viewer" | "editor" | "admin";
                            /**
                             * @description the workspace requires MFA: only `self` routes answer until you enrol
                             * @enum {boolean}
                             */
                            mfa_enrolment_required?: true;
                        } | {
                            /** @enum {boolean} */
                            mfa_required: true;
                            /** @description opaque, single use */
                            mfa_token: string;
                            /** @description seconds */
                            expires_in: number;
                        } | {
                            /** @enum {string} */
                            token_type: "Cookie";
                            expires_in: number;
                            refresh_expires_at: string;
                            workspace_id: string;
                            /** @enum {string} */
                            role: "viewer" | "editor" | "admin";
                            /** @description send it as X-CSRF-Token on every POST, PUT, PATCH and DELETE */
                            csrf_token: string;
                            /** @enum {boolean} */
                            mfa_enrolment_required?: true;
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rotate a refresh token (single use; reuse ends the whole session): from the body, or a browser session's cookie (with X-CSRF-Token) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        refresh_token?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access_token: string;
                            /** @enum {string} */
                            token_type: "Bearer";
                            expires_in: number;
                            refresh_token: string;
                            refresh_expires_at: string;
                            workspace_id: string;
                            /** @enum {string} */
                            role: "viewer" | "editor" | "admin";
                            /**
                             * @description the workspace requires MFA: only `self` routes answer until you enrol
                             * @enum {boolean}
                             */
                            mfa_enrolment_required?: true;
                        } | {
                            /** @enum {string} */
                            token_type: "Cookie";
                            expires_in: number;
                            refresh_expires_at: string;
                            workspace_id: string;
                            /** @enum {string} */
                            role: "viewer" | "editor" | "admin";
                            /** @description send it as X-CSRF-Token on every POST, PUT, PATCH and DELETE */
                            csrf_token: string;
                            /** @enum {boolean} */
                            mfa_enrolment_required?: true;
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
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
        /** End the current session (and clear a browser session's cookies) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your active sessions (a single sign-on session of an account that is in several workspaces sees this workspace's only) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                [key: string]: unknown;
                            }[];
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Revoke all your sessions (sign out everywhere; a single sign-on session of an account in several workspaces: this workspace only) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke one of your sessions */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/setup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether first-run setup is still open */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            needs_setup: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Exchange the one-time setup token (printed once at first start) for the first admin account */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        token: string;
                        email: string;
                        password: string;
                        display_name?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            email: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** API keys: yours, or every key of the workspace for admins */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                workspace_id: string;
                                user_id: string;
                                name: string;
                                prefix: string;
                                scopes: string[];
                                created_at: string;
                                expires_at: string | null;
                                last_used_at: string | null;
                                revoked_at: string | null;
                            }[];
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a personal API key; the secret is shown once, and scopes cannot exceed your own */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        scopes: ("metrics:read" | "metrics:write" | "domains:read" | "domains:write" | "objectives:read" | "objectives:write" | "policies:read" | "import" | "export" | "self" | "admin")[];
                        expires_at?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the secret, shown once; null on an Idempotency-Key replay */
                            key: string | null;
                            record: {
                                id: string;
                                workspace_id: string;
                                user_id: string;
                                name: string;
                                prefix: string;
                                scopes: string[];
                                created_at: string;
                                expires_at: string | null;
                                last_used_at: string | null;
                                revoked_at: string | null;
                            };
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API key (your own; admins: any in the workspace) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Members of the workspace with their roles */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                email: string;
                                displayName: string;
                                status: string;
                                createdAt: string;
                                updatedAt: string;
                                /** @enum {string} */
                                role: "viewer" | "editor" | "admin";
                                joinedAt: string;
                            }[];
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Gone (410): members join by invitation, POST /api/v1/invitations
         * @deprecated
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/members/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a member (their sessions and keys end) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a member's role */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    userId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        role: "viewer" | "editor" | "admin";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            role: "viewer" | "editor" | "admin";
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/members/{userId}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Disable a member's account: every session and API key ends at once (refused for an account that also belongs to other workspaces) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/members/{userId}/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reset a member's password (their sessions and keys end; refused for an account that also belongs to other workspaces) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    userId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who you are here: user, workspace, role and scopes */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change your password (all your sessions and keys end); a session only, never an API key; wrong current passwords are throttled like login */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        current_password: string;
                        new_password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/service-accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Service accounts of the workspace */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                name: string;
                                /** @enum {string} */
                                role: "viewer" | "editor" | "admin";
                                /** @enum {string} */
                                status: "active" | "disabled";
                                createdAt: string;
                            }[];
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a service account: an identity for integrations that holds API keys and never signs in */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /** @enum {string} */
                        role: "viewer" | "editor" | "admin";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            /** @enum {string} */
                            role: "viewer" | "editor" | "admin";
                            /** @enum {string} */
                            status: "active" | "disabled";
                            createdAt: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/service-accounts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One service account */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            /** @enum {string} */
                            role: "viewer" | "editor" | "admin";
                            /** @enum {string} */
                            status: "active" | "disabled";
                            createdAt: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a service account; its API keys stop working at once */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/service-accounts/{id}/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create an API key for a service account; scopes are limited by the account's role and your own; the secret is shown once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        scopes: ("metrics:read" | "metrics:write" | "domains:read" | "domains:write" | "objectives:read" | "objectives:write" | "policies:read" | "import" | "export" | "self" | "admin")[];
                        expires_at?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            key: string | null;
                            record: {
                                id: string;
                                workspace_id: string;
                                user_id: string;
                                name: string;
                                prefix: string;
                                scopes: string[];
                                created_at: string;
                                expires_at: string | null;
                                last_used_at: string | null;
                                revoked_at: string | null;
                            };
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Invitations of the workspace, newest first (pending ones by default) */
        get: {
            parameters: {
                query?: {
                    status?: "pending" | "expired" | "accepted" | "revoked" | "all";
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                email: string;
                                /** @enum {string} */
                                role: "viewer" | "editor" | "admin";
                                /** @enum {string} */
                                status: "pending" | "expired" | "accepted" | "revoked";
                                created_by: string;
                                created_at: string;
                                expires_at: string;
                                /** @description how the current link went out: email_sent, email_failed or link (shown to the admin) */
                                delivery: string;
                                delivered_at: string | null;
                                accepted_at: string | null;
                                revoked_at: string | null;
                            }[];
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Invite an email address with a role: the link is emailed (SMTP configured) or answered once; the same answer whether or not the address has an account */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                        /** @enum {string} */
                        role: "viewer" | "editor" | "admin";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            invitation: {
                                id: string;
                                email: string;
                                /** @enum {string} */
                                role: "viewer" | "editor" | "admin";
                                /** @enum {string} */
                                status: "pending" | "expired" | "accepted" | "revoked";
                                created_by: string;
                                created_at: string;
                                expires_at: string;
                                /** @description how the current link went out: email_sent, email_failed or link (shown to the admin) */
                                delivery: string;
                                delivered_at: string | null;
                                accepted_at: string | null;
                                revoked_at: string | null;
                            };
                            delivery: {
                                /** @enum {string} */
                                method: "email";
                                /** @enum {string} */
                                status: "sent";
                            } | {
                                /** @enum {string} */
                                method: "email";
                                /** @enum {string} */
                                status: "failed";
                                reason: string;
                            } | {
                                /** @enum {string} */
                                method: "link";
                            };
                            /** @description the link to pass on to the invitee, shown once: only when it was not emailed (no SMTP, or the email failed); null otherwise and on an Idempotency-Key replay */
                            link: string | null;
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One invitation */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            email: string;
                            /** @enum {string} */
                            role: "viewer" | "editor" | "admin";
                            /** @enum {string} */
                            status: "pending" | "expired" | "accepted" | "revoked";
                            created_by: string;
                            created_at: string;
                            expires_at: string;
                            /** @description how the current link went out: email_sent, email_failed or link (shown to the admin) */
                            delivery: string;
                            delivered_at: string | null;
                            accepted_at: string | null;
                            revoked_at: string | null;
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Revoke an invitation: its link stops working */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations/{id}/resend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send the invitation again with a new link (the old one stops working) and a new expiry */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            invitation: {
                                id: string;
                                email: string;
                                /** @enum {string} */
                                role: "viewer" | "editor" | "admin";
                                /** @enum {string} */
                                status: "pending" | "expired" | "accepted" | "revoked";
                                created_by: string;
                                created_at: string;
                                expires_at: string;
                                /** @description how the current link went out: email_sent, email_failed or link (shown to the admin) */
                                delivery: string;
                                delivered_at: string | null;
                                accepted_at: string | null;
                                revoked_at: string | null;
                            };
                            delivery: {
                                /** @enum {string} */
                                method: "email";
                                /** @enum {string} */
                                status: "sent";
                            } | {
                                /** @enum {string} */
                                method: "email";
                                /** @enum {string} */
                                status: "failed";
                                reason: string;
                            } | {
                                /** @enum {string} */
                                method: "link";
                            };
                            /** @description the link to pass on to the invitee, shown once: only when it was not emailed (no SMTP, or the email failed); null otherwise and on an Idempotency-Key replay */
                            link: string | null;
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept an invitation: sign in to the invited address's account (password, and its MFA code if enrolled) or create it with a new password; answers a session in the workspace, like login */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description from the link: the part after #token= */
                        token: string;
                        /** @description an existing account: its password; a new account: the password to set */
                        password: string;
                        /** @description a new account only */
                        display_name?: string;
                        /** @description an existing account with two-factor authentication: a TOTP or recovery code */
                        mfa_code?: string;
                        /**
                         * @description token (default): tokens in the body; cookie: a browser session in HttpOnly cookies, answered with its CSRF token
                         * @enum {string}
                         */
                        mode?: "token" | "cookie";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access_token: string;
                            /** @enum {string} */
                            token_type: "Bearer";
                            expires_in: number;
                            refresh_token: string;
                            refresh_expires_at: string;
                            workspace_id: string;
                            /** @enum {string} */
                            role: "viewer" | "editor" | "admin";
                            /**
                             * @description the workspace requires MFA: only `self` routes answer until you enrol
                             * @enum {boolean}
                             */
                            mfa_enrolment_required?: true;
                            /**
                             * @description the account was a member already: the invitation is used up and the role left unchanged
                             * @enum {boolean}
                             */
                            already_member?: true;
                        } | {
                            /** @enum {string} */
                            token_type: "Cookie";
                            expires_in: number;
                            refresh_expires_at: string;
                            workspace_id: string;
                            /** @enum {string} */
                            role: "viewer" | "editor" | "admin";
                            /** @description send it as X-CSRF-Token on every POST, PUT, PATCH and DELETE */
                            csrf_token: string;
                            /** @enum {boolean} */
                            mfa_enrolment_required?: true;
                            /**
                             * @description the account was a member already: the invitation is used up and the role left unchanged
                             * @enum {boolean}
                             */
                            already_member?: true;
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your workspaces, with your role in each (a single sign-on session or API key of an account in several workspaces: its own only) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                name: string;
                                created_at: string;
                                /** @enum {string} */
                                mfa_required: "none" | "admins" | "all";
                                /** @description set while the workspace is deleted: read-only until purge_after */
                                deleted_at: string | null;
                                /** @description when a deleted workspace is purged (MDL_WORKSPACE_RETENTION_DAYS after its deletion) */
                                purge_after: string | null;
                                /** @enum {string} */
                                role: "viewer" | "editor" | "admin";
                                /** @description the workspace this credential acts in */
                                current: boolean;
                            }[];
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a workspace; you become its admin (who may: MDL_WORKSPACE_CREATION; needs a password session). Switch to it with POST /auth/switch */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description a slug: lower-case letters, digits and inner hyphens (the id cannot change later) */
                        id: string;
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            created_at: string;
                            /** @enum {string} */
                            mfa_required: "none" | "admins" | "all";
                            /** @description set while the workspace is deleted: read-only until purge_after */
                            deleted_at: string | null;
                            /** @description when a deleted workspace is purged (MDL_WORKSPACE_RETENTION_DAYS after its deletion) */
                            purge_after: string | null;
                            /** @enum {string} */
                            role: "viewer" | "editor" | "admin";
                            /** @description the workspace this credential acts in */
                            current: boolean;
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete the workspace (admins, signed in: not an API key; ?confirm=<id> required): read-only at once, purged after MDL_WORKSPACE_RETENTION_DAYS, its audit chain archived first; the host can restore it until then */
        delete: {
            parameters: {
                query?: {
                    /** @description the workspace id again: required */
                    confirm?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            created_at: string;
                            /** @enum {string} */
                            mfa_required: "none" | "admins" | "all";
                            /** @description set while the workspace is deleted: read-only until purge_after */
                            deleted_at: string | null;
                            /** @description when a deleted workspace is purged (MDL_WORKSPACE_RETENTION_DAYS after its deletion) */
                            purge_after: string | null;
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Rename the workspace or set its MFA policy (admins; the workspace your credential acts in) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        /**
                         * @description the workspace MFA policy, as PUT /settings/mfa sets it
                         * @enum {string}
                         */
                        mfa_required?: "none" | "admins" | "all";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            created_at: string;
                            /** @enum {string} */
                            mfa_required: "none" | "admins" | "all";
                            /** @description set while the workspace is deleted: read-only until purge_after */
                            deleted_at: string | null;
                            /** @description when a deleted workspace is purged (MDL_WORKSPACE_RETENTION_DAYS after its deletion) */
                            purge_after: string | null;
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/auth/switch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Move this session to another of your workspaces: a new token pair (or browser session) there, this one ends. Password sessions only; the workspace's MFA policy applies */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        workspace_id: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access_token: string;
                            /** @enum {string} */
                            token_type: "Bearer";
                            expires_in: number;
                            refresh_token: string;
                            refresh_expires_at: string;
                            workspace_id: string;
                            /** @enum {string} */
                            role: "viewer" | "editor" | "admin";
                            /**
                             * @description the workspace requires MFA: only `self` routes answer until you enrol
                             * @enum {boolean}
                             */
                            mfa_enrolment_required?: true;
                        } | {
                            /** @enum {string} */
                            token_type: "Cookie";
                            expires_in: number;
                            refresh_expires_at: string;
                            workspace_id: string;
                            /** @enum {string} */
                            role: "viewer" | "editor" | "admin";
                            /** @description send it as X-CSRF-Token on every POST, PUT, PATCH and DELETE */
                            csrf_token: string;
                            /** @enum {boolean} */
                            mfa_enrolment_required?: true;
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
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
        /** Audit events, newest first (filters; cursor pagination) */
        get: {
            parameters: {
                query?: {
                    actor?: string;
                    action?: string;
                    entity_type?: string;
                    entity_id?: string;
                    /** @description inclusive lower bound on occurred_at (ISO 8601, UTC) */
                    from?: string;
                    /** @description exclusive upper bound on occurred_at */
                    to?: string;
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                [key: string]: unknown;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Export audit events, oldest first, as JSON Lines or CSV (streamed) */
        get: {
            parameters: {
                query?: {
                    actor?: string;
                    action?: string;
                    entity_type?: string;
                    entity_id?: string;
                    /** @description inclusive lower bound on occurred_at (ISO 8601, UTC) */
                    from?: string;
                    /** @description exclusive upper bound on occurred_at */
                    to?: string;
                    format?: "jsonl" | "csv";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
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
        /** Walk the hash chain; reports the first broken link */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                            /** @description events checked */
                            count: number;
                            /** @description events from before the chain (migration 0002), a prefix */
                            unchained?: number;
                        } | {
                            /** @enum {boolean} */
                            ok: false;
                            /** @description events verified before the break */
                            count: number;
                            firstBroken: {
                                id: number;
                                reason: string;
                            };
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/mfa": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your two-factor status: enabled, recovery codes left, and whether the workspace requires it of you */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            enabled: boolean;
                            pending: boolean;
                            enabled_at: string | null;
                            recovery_codes_left: number;
                            /** @enum {string} */
                            policy: "none" | "admins" | "all";
                            enrolment_required: boolean;
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/mfa/totp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start TOTP enrolment: a new secret and its otpauth:// URI (confirm with a first code to enable it) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description base32; for manual entry */
                            secret: string;
                            /** @description otpauth://totp/MDL:<email>?secret=…&issuer=MDL&algorithm=SHA1&digits=6&period=30 (for a QR code) */
                            otpauth_uri: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        /** Turn TOTP off (recovery codes are deleted): give a current code, a recovery code, or your password */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description a 6-digit TOTP code, or a recovery code (xxxx-xxxx-xxxx) */
                        code?: string;
                        password?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/mfa/totp/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Enable TOTP with a first code; returns 10 single-use recovery codes, shown once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description the current 6-digit code from the authenticator app */
                        code: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            enabled: true;
                            /** @description 10 single-use codes, shown this once */
                            recovery_codes: string[];
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/mfa": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Second login step: the mfa_token from /auth/login and a TOTP or recovery code; returns the token pair */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        mfa_token: string;
                        /** @description a 6-digit TOTP code, or a recovery code (xxxx-xxxx-xxxx) */
                        code: string;
                        /**
                         * @description token (default): tokens in the body; cookie: a browser session in HttpOnly cookies, answered with its CSRF token
                         * @enum {string}
                         */
                        mode?: "token" | "cookie";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access_token: string;
                            /** @enum {string} */
                            token_type: "Bearer";
                            expires_in: number;
                            refresh_token: string;
                            refresh_expires_at: string;
                            workspace_id: string;
                            /** @enum {string} */
                            role: "viewer" | "editor" | "admin";
                            /**
                             * @description the workspace requires MFA: only `self` routes answer until you enrol
                             * @enum {boolean}
                             */
                            mfa_enrolment_required?: true;
                        } | {
                            /** @enum {string} */
                            token_type: "Cookie";
                            expires_in: number;
                            refresh_expires_at: string;
                            workspace_id: string;
                            /** @enum {string} */
                            role: "viewer" | "editor" | "admin";
                            /** @description send it as X-CSRF-Token on every POST, PUT, PATCH and DELETE */
                            csrf_token: string;
                            /** @enum {boolean} */
                            mfa_enrolment_required?: true;
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/settings/mfa": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The workspace MFA policy: none, admins or all */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            required: "none" | "admins" | "all";
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        /** Require MFA of admins or of every member (members without it keep only `self` routes until they enrol) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        required: "none" | "admins" | "all";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            required: "none" | "admins" | "all";
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/settings/sso": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The workspace's OpenID Connect provider (the client secret is never returned) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            workspace_id: string;
                            issuer: string;
                            client_id: string;
                            /** @enum {boolean} */
                            client_secret_set: true;
                            scopes: string[];
                            allowed_email_domains: string[];
                            role_claim: string | null;
                            role_mappings: {
                                /** @description a value of the role claim (a group or role name at the IdP) */
                                value: string;
                                /** @enum {string} */
                                role: "viewer" | "editor" | "admin";
                            }[];
                            default_role: ("viewer" | "editor" | "admin") | null;
                            jit_provisioning: boolean;
                            mfa_amr: string[] | null;
                            /** @description register this redirect URI at the identity provider */
                            redirect_uri: string;
                            created_at: string;
                            updated_at: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        /** Configure single sign-on: issuer, client, allowed email domains, claim → role rules, JIT provisioning (needs MDL_SECRET_KEY) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description the issuer URL: https to a public host (loopback, private and link-local hosts, and http on loopback outside production, only when the instance allows them: MDL_SSO_ALLOW_PRIVATE_ISSUERS) */
                        issuer: string;
                        client_id: string;
                        /** @description required when SSO is first configured and whenever the issuer or client id changes; omitted: the stored one is kept */
                        client_secret?: string;
                        /** @description default: openid email profile; must include openid */
                        scopes?: string[];
                        /** @description empty or omitted: any domain */
                        allowed_email_domains?: string[];
                        /** @description the ID token (or userinfo) claim holding groups or roles, e.g. groups */
                        role_claim?: string | null;
                        /** @description claim value → role; the highest role among the matching rules wins */
                        role_mappings?: {
                            /** @description a value of the role claim (a group or role name at the IdP) */
                            value: string;
                            /** @enum {string} */
                            role: "viewer" | "editor" | "admin";
                        }[];
                        /** @description the role when no rule matches; null: such logins are refused */
                        default_role?: ("viewer" | "editor" | "admin") | null;
                        /** @description create users (and memberships) on their first SSO login; default false */
                        jit_provisioning?: boolean;
                        /** @description ID token `amr` values (RFC 8176) that make an SSO login count as multi-factor for the MFA policy, e.g. ["mfa"]; null or omitted: the provider's MFA is not counted */
                        mfa_amr?: string[] | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            workspace_id: string;
                            issuer: string;
                            client_id: string;
                            /** @enum {boolean} */
                            client_secret_set: true;
                            scopes: string[];
                            allowed_email_domains: string[];
                            role_claim: string | null;
                            role_mappings: {
                                /** @description a value of the role claim (a group or role name at the IdP) */
                                value: string;
                                /** @enum {string} */
                                role: "viewer" | "editor" | "admin";
                            }[];
                            default_role: ("viewer" | "editor" | "admin") | null;
                            jit_provisioning: boolean;
                            mfa_amr: string[] | null;
                            /** @description register this redirect URI at the identity provider */
                            redirect_uri: string;
                            created_at: string;
                            updated_at: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        post?: never;
        /** Turn single sign-on off (linked identities and pending logins are removed) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sso/{workspaceId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether a workspace offers single sign-on (404 when it does not, or does not exist); throttled like start */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    workspaceId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            workspace_id: string;
                            /** @enum {boolean} */
                            enabled: true;
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sso/{workspaceId}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Start a single sign-on login: redirects (302) to the identity provider with state, nonce and a PKCE S256 challenge */
        get: {
            parameters: {
                query?: {
                    /** @description token: the callback answers the token pair as JSON; cookie: a browser session, then a redirect to return_to */
                    mode?: "token" | "cookie";
                    /** @description cookie mode: where the browser lands after login (default /) */
                    return_to?: string;
                };
                header?: never;
                path: {
                    workspaceId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Location: the provider's authorization URL */
                302: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sso/{workspaceId}/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The redirect URI: exchanges the code, validates the ID token, maps claims to a role and opens a session */
        get: {
            parameters: {
                query?: {
                    state?: string;
                    code?: string;
                    iss?: string;
                    error?: string;
                    error_description?: string;
                };
                header?: never;
                path: {
                    workspaceId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            access_token: string;
                            /** @enum {string} */
                            token_type: "Bearer";
                            expires_in: number;
                            refresh_token: string;
                            refresh_expires_at: string;
                            workspace_id: string;
                            /** @enum {string} */
                            role: "viewer" | "editor" | "admin";
                            /**
                             * @description the workspace requires MFA: only `self` routes answer until you enrol
                             * @enum {boolean}
                             */
                            mfa_enrolment_required?: true;
                        };
                    };
                };
                /** @description cookie mode: the session cookies are set; Location: return_to */
                303: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Import a catalog, metrics, domains and/or objectives (JSON or YAML); all-or-nothing unless continue_on_error */
        post: {
            parameters: {
                query?: {
                    dry_run?: "true" | "false";
                    continue_on_error?: "true" | "false";
                    /** @description refuse unresolved references whatever the workspace policy */
                    strict?: "true" | "false";
                    /** @description field:from=to, repeatable: rename a value for this import only (e.g. data_classification:Non-PII=internal) */
                    map?: string | string[];
                    format?: "json" | "yaml";
                    /** @description every file is of this dialect (default: detected per file) */
                    from?: "mdl" | "dbt" | "cube" | "osi";
                    /** @description prefix of the ids generated for dbt, Cube and OSI definitions */
                    id_prefix?: string;
                    /** @description two sources defining an id differently, or a dbt/Cube/OSI definition over one changed since its last import: fail (refuse the batch, list every conflict), skip (keep what is there) or overwrite */
                    on_conflict?: "fail" | "skip" | "overwrite";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description the file: a catalog, a metric, a list of metrics, {domains}, {objectives} or a mix, or a dbt, Cube or OSI file; or multipart/form-data with one part per file (field `file`) */
            requestBody: {
                content: {
                    "application/json": string;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            dry_run: boolean;
                            mode: string;
                            shape: string;
                            committed: boolean;
                            counts: {
                                [key: string]: {
                                    created: number;
                                    updated: number;
                                    unchanged: number;
                                    invalid: number;
                                };
                            };
                            errors: {
                                kind: string;
                                path: string;
                                id?: string;
                                issues: {
                                    path: string;
                                    message: string;
                                }[];
                            }[];
                            errors_total: number;
                            changes: {
                                kind: string;
                                id: string;
                                outcome: string;
                                version: string;
                                changed: string[];
                            }[];
                            changes_truncated: boolean;
                            catalog_meta: ("created" | "updated" | "unchanged") | null;
                            /** @description references kept as written whose target exists nowhere yet; they resolve when it appears */
                            unresolved: {
                                kind: string;
                                id: string;
                                path: string;
                                field: string;
                                target_type: string;
                                target_id: string;
                            }[];
                            unresolved_total: number;
                            /** @enum {string} */
                            reference_policy: "warn" | "strict";
                            /** @description definitions that disagree, with their field-level diff */
                            conflicts: {
                                kind: string;
                                id: string;
                                /** @enum {string} */
                                reason: "defined-twice" | "edited-since-import" | "defined-elsewhere";
                                current: {
                                    path?: string;
                                    source?: string;
                                    format?: string;
                                    name?: string;
                                };
                                incoming: {
                                    path?: string;
                                    source?: string;
                                    format?: string;
                                    name?: string;
                                };
                                /** @description field by field: before is the current value, after the incoming one */
                                diff: {
                                    path: string;
                                    before: unknown;
                                    after: unknown;
                                }[];
                                /** @enum {string} */
                                resolution: "refused" | "skipped" | "overwritten";
                            }[];
                            conflicts_total: number;
                            /** @enum {string} */
                            on_conflict: "fail" | "skip" | "overwrite";
                            /** @description files of the batch left out, with why (a tests-only dbt schema.yml, a file of no known kind) */
                            skipped_files: {
                                source: string;
                                reason: string;
                            }[];
                            duration_ms: number;
                        };
                    };
                };
                /** @description The one error shape of the API */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
                /** @description The one error shape of the API */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable, machine-readable error code */
                                code: string;
                                message: string;
                                details?: unknown;
                            };
                            requestId: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
