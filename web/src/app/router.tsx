import { createBrowserRouter, Outlet } from 'react-router';
import { feedbackRoutes } from '../features/feedback/feedback.routes';
import { fieldRoutes } from '../features/field/field.routes';
import { notificationRoutes } from '../features/notifications/notifications.routes';
import { partsRoutes } from '../features/parts/parts.routes';
import { portalRoutes } from '../features/portal/portal.routes';
import { slaRoutes } from '../features/sla/sla.routes';
import { ticketRoutes } from '../features/tickets/tickets.routes';
import { AppLayout } from './AppLayout';
import { FullPageSpin, NotFoundPage, RouteError } from './RouteStates';
import { guarded, lazyPage } from './route-helpers';

export const router = createBrowserRouter([
  {
    errorElement: <RouteError />,
    hydrateFallbackElement: <FullPageSpin />,
    element: <Outlet />,
    children: [
      {
        path: '/login',
        lazy: lazyPage(
          () => import('../features/auth/LoginPage'),
          (m) => m.LoginPage,
        ),
      },
      ...portalRoutes,
      {
        path: '/change-password',
        lazy: lazyPage(
          () => import('../features/auth/ChangePasswordPage'),
          (m) => m.ChangePasswordPage,
        ),
      },
      {
        path: '/',
        element: <AppLayout />,
        children: [
          {
            errorElement: <RouteError />,
            children: [
              {
                index: true,
                lazy: lazyPage(
                  () => import('../features/home/HomePage'),
                  (m) => m.HomePage,
                ),
              },

              {
                path: 'customers',
                lazy: lazyPage(
                  () => import('../features/customers/CustomersPage'),
                  (m) => m.CustomersPage,
                ),
              },
              {
                path: 'customers/:id',
                lazy: lazyPage(
                  () => import('../features/customers/CustomerDetailPage'),
                  (m) => m.CustomerDetailPage,
                ),
              },
              guarded('writeCustomers', [
                {
                  path: 'customers/new',
                  lazy: lazyPage(
                    () => import('../features/customers/CustomerFormPage'),
                    (m) => m.CustomerFormPage,
                  ),
                },
                {
                  path: 'customers/:id/edit',
                  lazy: lazyPage(
                    () => import('../features/customers/CustomerFormPage'),
                    (m) => m.CustomerFormPage,
                  ),
                },
                {
                  path: 'equipment/new',
                  lazy: lazyPage(
                    () => import('../features/equipment/EquipmentFormPage'),
                    (m) => m.EquipmentFormPage,
                  ),
                },
                {
                  path: 'equipment/:id/edit',
                  lazy: lazyPage(
                    () => import('../features/equipment/EquipmentFormPage'),
                    (m) => m.EquipmentFormPage,
                  ),
                },
                {
                  path: 'contracts/new',
                  lazy: lazyPage(
                    () => import('../features/contracts/ContractFormPage'),
                    (m) => m.ContractFormPage,
                  ),
                },
                {
                  path: 'contracts/:id/edit',
                  lazy: lazyPage(
                    () => import('../features/contracts/ContractFormPage'),
                    (m) => m.ContractFormPage,
                  ),
                },
              ]),

              {
                path: 'equipment',
                lazy: lazyPage(
                  () => import('../features/equipment/EquipmentPage'),
                  (m) => m.EquipmentPage,
                ),
              },
              {
                path: 'equipment/:id',
                lazy: lazyPage(
                  () => import('../features/equipment/EquipmentDetailPage'),
                  (m) => m.EquipmentDetailPage,
                ),
              },

              {
                path: 'contracts',
                lazy: lazyPage(
                  () => import('../features/contracts/ContractsPage'),
                  (m) => m.ContractsPage,
                ),
              },
              {
                path: 'contracts/:id',
                lazy: lazyPage(
                  () => import('../features/contracts/ContractDetailPage'),
                  (m) => m.ContractDetailPage,
                ),
              },

              {
                path: 'product-models',
                lazy: lazyPage(
                  () => import('../features/product-models/ProductModelsPage'),
                  (m) => m.ProductModelsPage,
                ),
              },
              {
                path: 'product-models/:id',
                lazy: lazyPage(
                  () => import('../features/product-models/ProductModelDetailPage'),
                  (m) => m.ProductModelDetailPage,
                ),
              },
              guarded('writeProductModels', [
                {
                  path: 'product-models/new',
                  lazy: lazyPage(
                    () => import('../features/product-models/ProductModelFormPage'),
                    (m) => m.ProductModelFormPage,
                  ),
                },
                {
                  path: 'product-models/:id/edit',
                  lazy: lazyPage(
                    () => import('../features/product-models/ProductModelFormPage'),
                    (m) => m.ProductModelFormPage,
                  ),
                },
              ]),

              guarded('manageOrg', [
                {
                  path: 'stations',
                  lazy: lazyPage(
                    () => import('../features/stations/StationsPage'),
                    (m) => m.StationsPage,
                  ),
                },
                {
                  path: 'stations/new',
                  lazy: lazyPage(
                    () => import('../features/stations/StationFormPage'),
                    (m) => m.StationFormPage,
                  ),
                },
                {
                  path: 'stations/:id',
                  lazy: lazyPage(
                    () => import('../features/stations/StationDetailPage'),
                    (m) => m.StationDetailPage,
                  ),
                },
                {
                  path: 'stations/:id/edit',
                  lazy: lazyPage(
                    () => import('../features/stations/StationFormPage'),
                    (m) => m.StationFormPage,
                  ),
                },
                {
                  path: 'departments',
                  lazy: lazyPage(
                    () => import('../features/departments/DepartmentsPage'),
                    (m) => m.DepartmentsPage,
                  ),
                },
                {
                  path: 'departments/new',
                  lazy: lazyPage(
                    () => import('../features/departments/DepartmentFormPage'),
                    (m) => m.DepartmentFormPage,
                  ),
                },
                {
                  path: 'departments/:id',
                  lazy: lazyPage(
                    () => import('../features/departments/DepartmentDetailPage'),
                    (m) => m.DepartmentDetailPage,
                  ),
                },
                {
                  path: 'departments/:id/edit',
                  lazy: lazyPage(
                    () => import('../features/departments/DepartmentFormPage'),
                    (m) => m.DepartmentFormPage,
                  ),
                },
                {
                  path: 'users/new',
                  lazy: lazyPage(
                    () => import('../features/users/UserFormPage'),
                    (m) => m.UserFormPage,
                  ),
                },
                {
                  path: 'users/:id/edit',
                  lazy: lazyPage(
                    () => import('../features/users/UserFormPage'),
                    (m) => m.UserFormPage,
                  ),
                },
              ]),
              guarded('viewUsers', [
                {
                  path: 'users',
                  lazy: lazyPage(
                    () => import('../features/users/UsersPage'),
                    (m) => m.UsersPage,
                  ),
                },
                {
                  path: 'users/:id',
                  lazy: lazyPage(
                    () => import('../features/users/UserDetailPage'),
                    (m) => m.UserDetailPage,
                  ),
                },
              ]),
              guarded('manageSettings', [
                {
                  path: 'settings',
                  lazy: lazyPage(
                    () => import('../features/settings/SettingsPage'),
                    (m) => m.SettingsPage,
                  ),
                },
              ]),
              ...ticketRoutes,
              ...slaRoutes,
              ...fieldRoutes,
              ...notificationRoutes,
              ...partsRoutes,
              ...feedbackRoutes,
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
]);
